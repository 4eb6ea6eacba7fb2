import { homedir } from "node:os";
import { dirname } from "node:path";
import { readFile, rename, stat, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { packageVersion } from "../cli/version.js";
import { projectCachePath, stateDir } from "../project/paths.js";
import { findConfigFile } from "./find-file.js";
import type { LoadOptions } from "./load.js";
import type { ProjectConfig } from "./types.js";
import type { VariablesRead } from "./variables.js";

/** Everything a resolved project depends on, besides rpi itself: the same inputs resolve the same way. */
export interface ProjectInputs {
  file: string;
  text: string;
  /** `-p`, or null. */
  projectName: string | null;
  /** The home folder `~` stood for. */
  home: string;
  variables: VariablesRead;
}

interface CacheEntry {
  build: string;
  inputs: ProjectInputs;
  config: ProjectConfig;
}

/**
 * The project as the last successful load resolved it, when nothing it was resolved from has changed:
 * the same rpi.yml text, -p, home folder, variables, and rpi build. It spares status, down, logs,
 * ssh and a repeated `up` the YAML parser and the validator (~60 ms of CPU; ~15–30 ms of a status's
 * or an up's wall time). Undefined when there is no such entry: the caller loads the file for real.
 */
export async function readCachedProject(
  options: Omit<LoadOptions, "checkFiles">,
): Promise<ProjectConfig | undefined> {
  try {
    const found = await findConfigFile(options);
    if ("error" in found) return undefined;
    const [text, entry, build] = await Promise.all([
      readFile(found.file, "utf8"),
      readFile(projectCachePath(dirname(found.file)), "utf8").then(
        (json) => JSON.parse(json) as CacheEntry,
      ),
      buildIdentity(),
    ]);
    const now: Omit<ProjectInputs, "variables"> = {
      file: found.file,
      text,
      projectName: options.projectName ?? null,
      home: options.env.HOME || homedir(),
    };
    const sameVariables = Object.entries(entry.inputs.variables).every(
      ([name, value]) => (options.env[name] ?? null) === value,
    );
    const same =
      entry.build === build &&
      entry.inputs.file === now.file &&
      entry.inputs.text === now.text &&
      entry.inputs.projectName === now.projectName &&
      entry.inputs.home === now.home &&
      sameVariables;
    return same ? entry.config : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Records a successful load for readCachedProject, in the project's `.rpi/` when it has one (`up` makes
 * it; a project never brought up gets no state from looking at it). Written whole and renamed into
 * place, so a concurrent reader sees the old entry or the new one. A failed write only costs speed.
 */
export async function cacheProject(config: ProjectConfig, inputs: ProjectInputs): Promise<void> {
  try {
    if (!(await stat(stateDir(config.dir))).isDirectory()) return;
    const entry: CacheEntry = { build: await buildIdentity(), inputs, config };
    const path = projectCachePath(config.dir);
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(entry));
    await rename(temporary, path);
  } catch {
    // no .rpi/ yet, or not writable: the next load parses the file again
  }
}

/** Which rpi resolved the entry: its version and this module's file (rewritten by every build). */
async function buildIdentity(): Promise<string> {
  const module = await stat(fileURLToPath(import.meta.url));
  return `${packageVersion()} ${module.size} ${module.mtimeMs}`;
}
