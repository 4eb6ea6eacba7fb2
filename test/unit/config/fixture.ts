import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { formatDiagnostics, loadProject } from "../../../src/config/load.js";
import type { LoadOptions, LoadResult } from "../../../src/config/load.js";
import type { ProjectConfig } from "../../../src/config/types.js";

/** Stand-in files every fixture project has, so configs can name them. */
export const STAND_INS = [
  "images/pi.img",
  "images/kernel",
  "images/board.dtb",
  "images/initrd",
  "keys/id.pub",
];

/** A fresh project folder with rpi.yml, the stand-in files, a FIFO and a folder to misuse as files. */
export function makeProject(yaml: string, folderName = "proj"): string {
  const dir = join(mkdtempSync(join(tmpdir(), "rpi-config-")), folderName);
  mkdirSync(dir, { recursive: true });
  for (const file of STAND_INS) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), "stand-in\n");
  }
  mkdirSync(join(dir, "images/folder"));
  execFileSync("mkfifo", [join(dir, "images/fifo")]);
  writeFileSync(join(dir, "rpi.yml"), yaml);
  return dir;
}

/** Loads the project in `dir` as `rpi` run there would, with only the given variables set. */
export function load(
  dir: string,
  env: Record<string, string> = {},
  options: Partial<LoadOptions> = {},
): Promise<LoadResult> {
  return loadProject({ cwd: dir, env: { HOME: join(dir, "home"), ...env }, ...options });
}

/** The error lines of a load, as the CLI prints them (relative to the project folder). */
export async function errorLines(
  dir: string,
  env: Record<string, string> = {},
  options: Partial<LoadOptions> = {},
): Promise<string[]> {
  const result = await load(dir, env, options);
  if ("config" in result) return [];
  return formatDiagnostics(result.errors, options.cwd ?? dir);
}

/** Loads and expects success: the resolved config, or a failure listing the errors. */
export async function loadConfig(
  dir: string,
  env: Record<string, string> = {},
  options: Partial<LoadOptions> = {},
): Promise<ProjectConfig> {
  const result = await load(dir, env, options);
  if ("errors" in result)
    throw new Error(
      `expected a valid config, got:\n${formatDiagnostics(result.errors, dir).join("\n")}`,
    );
  return result.config;
}
