import { execa } from "execa";
import { fileURLToPath } from "node:url";

const BUILDER = fileURLToPath(new URL("../../../testimage/build.sh", import.meta.url));
let built: Promise<string> | undefined;

/**
 * The Pi-layout test image, built from Debian packages by testimage/build.sh (cached after the first
 * build). Every e2e test boots it. The builder needs root and apt on a cold cache.
 */
export function testImage(): Promise<string> {
  built ??= execa("bash", [BUILDER], { stderr: "pipe", stdout: "pipe" }).then(
    (result) => {
      const path = result.stdout.trim().split("\n").pop() ?? "";
      if (!path.startsWith("/")) {
        throw new Error(
          `testimage/build.sh printed no image path:\n${result.stdout}\n${result.stderr}`,
        );
      }
      return path;
    },
    (error: { stderr?: string; message: string }) => {
      throw new Error(`testimage/build.sh failed: ${error.message}\n${error.stderr ?? ""}`);
    },
  );
  return built;
}
