import { execa } from "execa";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../../../bin/rpi.js", import.meta.url));

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs the rpi CLI as a user does (`node bin/rpi.js …`) in a folder; never throws on a non-zero exit. */
export async function rpi(
  cwd: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<CliResult> {
  const result = await execa("node", [BIN, ...args], {
    cwd,
    env: { NO_COLOR: "1", ...env },
    reject: false,
    stdin: "ignore",
  });
  return { exitCode: result.exitCode ?? 1, stdout: result.stdout, stderr: result.stderr };
}

/** Like rpi(), but fails the test with the whole output when the exit code is not the expected one. */
export async function rpiOk(cwd: string, args: string[], expected = 0): Promise<CliResult> {
  const result = await rpi(cwd, args);
  if (result.exitCode !== expected) {
    throw new Error(
      `rpi ${args.join(" ")} exited ${result.exitCode} (expected ${expected})\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`,
    );
  }
  return result;
}

/** A fresh project folder holding rpi.yml; the project name is unique so parallel runs never meet. */
export async function tempProject(
  yaml: (name: string) => string,
): Promise<{ dir: string; name: string }> {
  const dir = await mkdtemp(join(tmpdir(), "rpi-e2e-"));
  const name = `e2e${Math.random().toString(36).slice(2, 8)}`;
  await writeFile(join(dir, "rpi.yml"), yaml(name));
  return { dir, name };
}
