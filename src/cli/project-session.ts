import type { Command } from "commander";
import type { ProjectConfig } from "../config/types.js";
import { ConfigError } from "../errors.js";
import { didYouMean } from "../config/did-you-mean.js";
import { fileProblem, namedFiles } from "../config/check-files.js";
import { cacheProject, readCachedProject } from "../config/project-cache.js";
import { selectRuntime, type RuntimeKind } from "../runtime/select-runtime.js";
import type { Runtime } from "../runtime/runtime.js";
import type { LoadOptions } from "../config/load.js";
import { loadOptions } from "./project-options.js";

export interface ProjectSession {
  config: ProjectConfig;
  runtime: Runtime;
}

/**
 * What every machine command starts with: the validated project and the runtime its machines run in.
 * Only `up` needs the files the machines name; the other verbs must work after an image is gone.
 */
export async function openProject(
  command: Command,
  options: { checkFiles: boolean } = { checkFiles: false },
): Promise<ProjectSession> {
  const config = await projectConfig(loadOptions(command), options.checkFiles);
  const { runtime: kind } = command.optsWithGlobals<{ runtime?: RuntimeKind }>();
  const runtime = await selectRuntime(kind ?? "auto", config.dir, (line) =>
    process.stderr.write(`${line}\n`),
  );
  return { config, runtime };
}

/**
 * rpi.yml resolved: from the last load's record when nothing it was resolved from changed (and, for
 * `up`, every file its machines name can still be read), else loaded, validated (exiting on errors,
 * a missing file's with its line and column) and recorded for the next verb.
 */
export async function projectConfig(
  options: LoadOptions,
  checkFiles: boolean,
): Promise<ProjectConfig> {
  const cached = await readCachedProject(options);
  if (cached && (!checkFiles || (await filesReadable(cached)))) return cached;
  const { requireProject } = await import("../config/load.js");
  const { config, inputs } = await requireProject({ ...options, checkFiles });
  await cacheProject(config, inputs);
  return config;
}

/** Whether every file the machines name (image, kernel, dtb, initrd, authorized keys) can be read. */
async function filesReadable(config: ProjectConfig): Promise<boolean> {
  const files = config.machines.flatMap(namedFiles);
  const problems = await Promise.all(files.map(({ file }) => fileProblem(file)));
  return problems.every((problem) => problem === undefined);
}

/** Machine names given on the command line must be in the file (or be orphans the runtime knows). */
export function checkMachineNames(
  config: ProjectConfig,
  names: string[],
  extra: string[] = [],
): void {
  const known = [...config.machines.map((machine) => machine.name), ...extra];
  for (const name of names) {
    if (!known.includes(name)) {
      const suggestion = didYouMean(name, known);
      throw new ConfigError(
        `no machine "${name}" in ${config.file}${suggestion ? ` (did you mean "${suggestion}"?)` : ""}`,
        `machines of this project: ${known.join(", ") || "none"}`,
      );
    }
  }
}

/** listr2's live renderer on a terminal; plain lines in CI and pipes. */
export function rendererFor(stream: NodeJS.WriteStream): "default" | "simple" {
  return stream.isTTY && !process.env.CI ? "default" : "simple";
}
