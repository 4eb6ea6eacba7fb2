import { execa } from "execa";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const BUILDER = fileURLToPath(new URL("../../../versatile/build-kernel.sh", import.meta.url));
let built: Promise<VersatileKernel> | undefined;

/** A versatilepb kernel and its device tree. */
export interface VersatileKernel {
  zImage: string;
  dtb: string;
}

/**
 * The versatilepb kernel + dtb built from Debian's linux-source-6.1 by versatile/build-kernel.sh
 * (Debian ships none). Cached after the first build; a cold build takes minutes and needs the
 * source and the armel cross compiler (the script installs them with apt as root).
 */
export function versatileKernel(): Promise<VersatileKernel> {
  built ??= execa("bash", [BUILDER], { stderr: "pipe", stdout: "pipe" }).then(
    (result) => {
      const dir = result.stdout.trim().split("\n").pop() ?? "";
      if (!dir.startsWith("/")) {
        throw new Error(
          `versatile/build-kernel.sh printed no folder:\n${result.stdout}\n${result.stderr}`,
        );
      }
      return { zImage: join(dir, "zImage"), dtb: join(dir, "versatile-pb.dtb") };
    },
    (error: { stderr?: string; message: string }) => {
      throw new Error(`versatile/build-kernel.sh failed: ${error.message}\n${error.stderr ?? ""}`);
    },
  );
  return built;
}
