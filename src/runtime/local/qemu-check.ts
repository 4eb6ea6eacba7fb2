import { RuntimeError } from "../../errors.js";
import type { Exec } from "../../util/exec.js";

const BINARIES = ["qemu-system-aarch64", "qemu-system-arm"] as const;
const INSTALL_HINT =
  "install QEMU on this host (Debian: `apt-get install qemu-system-arm qemu-utils`), or use --runtime docker";

/** Pure: "7.2.22" from `qemu-system-… --version` output, or undefined. */
export function qemuVersion(output: string): string | undefined {
  return /QEMU emulator version (\d+\.\d+(?:\.\d+)?)/.exec(output)?.[1];
}

/** Checks that both QEMU system emulators run on the host; returns what was found, for the progress line. */
export async function checkHostQemu(exec: Exec): Promise<{ built: boolean; detail: string }> {
  const versions: string[] = [];
  for (const binary of BINARIES) {
    let output: string;
    try {
      const result = await exec.run(binary, ["--version"]);
      if (result.exitCode !== 0) {
        throw new Error(
          `exit ${result.exitCode}: ${(result.stderr || result.stdout).trim().split("\n")[0] ?? ""}`,
        );
      }
      output = result.stdout;
    } catch (error) {
      const why =
        error instanceof RuntimeError
          ? "was not found"
          : `does not run (${(error as Error).message})`;
      throw new RuntimeError(`${binary} ${why}`, INSTALL_HINT);
    }
    versions.push(qemuVersion(output) ?? "of unknown version");
  }
  const unique = [...new Set(versions)];
  return { built: false, detail: `QEMU ${unique.join(" / ")} on the host` };
}
