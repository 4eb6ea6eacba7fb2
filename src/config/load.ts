import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname } from "node:path";
import { ConfigError } from "../errors.js";
import type { ConfigDiagnostic } from "./diagnostic.js";
import { displayPath, formatDiagnostic, formatPath, sortDiagnostics } from "./diagnostic.js";
import { checkMachines } from "./check-machines.js";
import { findConfigFile } from "./find-file.js";
import { parseYaml } from "./parse.js";
import type { Locator } from "./parse.js";
import type { Problem } from "./problem.js";
import type { ProjectInputs } from "./project-cache.js";
import { PROJECT_NAME_PATTERN, sanitiseProjectName } from "./project-name.js";
import type { ProjectConfig, RpiFile } from "./types.js";
import { validateSchema } from "./validate-schema.js";
import { expandVariables } from "./variables.js";

export interface LoadOptions {
  /** `-f`: a path relative to cwd. */
  file?: string;
  /** `-p`: overrides `name:` and the folder name. */
  projectName?: string;
  cwd: string;
  /** Variables for `${VAR}`, `RPI_FILE` and `HOME` (for `~`). */
  env: Readonly<Record<string, string | undefined>>;
  /**
   * Check that the files the machines name exist (default true). Verbs that only look at or stop
   * what runs (status, down, logs, ssh) skip it, so a deleted image doesn't strand its machines.
   */
  checkFiles?: boolean;
}

export type LoadResult =
  { config: ProjectConfig; inputs: ProjectInputs } | { errors: ConfigDiagnostic[] };

/**
 * Finds, parses, validates and resolves rpi.yml. Never throws on a user error: every problem of the file
 * comes back at once, in file order, each with its line and column.
 */
export async function loadProject(options: LoadOptions): Promise<LoadResult> {
  const found = await findConfigFile(options);
  if ("error" in found) return { errors: [found.error] };
  const file = found.file;
  const at = (line: number, col: number, path: string, message: string): ConfigDiagnostic => ({
    file,
    line,
    col,
    path,
    message,
  });

  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    return { errors: [at(0, 0, "", `cannot be read: ${(error as Error).message}`)] };
  }
  const parsed = parseYaml(text);
  if ("errors" in parsed) {
    return {
      errors: sortDiagnostics(
        parsed.errors.map((e) => at(e.position.line, e.position.col, "", e.message)),
      ),
    };
  }
  if (parsed.data === null || parsed.data === undefined) {
    return {
      errors: [at(1, 1, "", "the file is empty: it needs machines:, one entry per machine")],
    };
  }

  const { locate } = parsed;
  const expanded = expandVariables(parsed.data, options.env);
  const problems: Problem[] = [
    ...expanded.problems.map((p) => ({ ...p, at: "value" as const })),
    ...(await validateSchema(expanded.value)),
  ];
  const raw = expanded.value as RpiFile;
  const dir = dirname(file);
  const home = options.env.HOME || homedir();

  const { machines, problems: semantic } = await checkMachines(raw, problems, {
    dir,
    home,
    checkFiles: options.checkFiles ?? true,
  });

  const diagnostics = [...problems, ...semantic].map((p) => toDiagnostic(p, locate, at));
  const name = projectName(options.projectName, raw.name, dir);
  if ("error" in name)
    diagnostics.push({ file: "", line: 0, col: 0, path: "", message: name.error });
  if (diagnostics.length > 0 || "error" in name) return { errors: sortDiagnostics(diagnostics) };

  return {
    config: {
      name: name.name,
      file,
      dir,
      internal: raw.internal ?? false,
      machines,
    },
    inputs: {
      file,
      text,
      projectName: options.projectName ?? null,
      home,
      variables: expanded.read,
    },
  };
}

function toDiagnostic(
  problem: Problem,
  locate: Locator,
  at: (line: number, col: number, path: string, message: string) => ConfigDiagnostic,
): ConfigDiagnostic {
  const { line, col } = locate(problem.path, problem.at);
  // An unknown key is reported against the mapping that holds it: `machines.web: unknown key "memroy"`.
  const shownPath = problem.message.startsWith("unknown key")
    ? problem.path.slice(0, -1)
    : problem.path;
  return at(line, col, formatPath(shownPath), problem.message);
}

function projectName(
  flag: string | undefined,
  written: string | undefined,
  dir: string,
): { name: string } | { error: string } {
  if (flag === undefined) return { name: written ?? sanitiseProjectName(dir) };
  if (PROJECT_NAME_PATTERN.test(flag)) return { name: flag };
  return {
    error: `--project-name "${flag}" is not a valid project name: use lowercase letters, digits, '-' and '_', starting with a letter or digit`,
  };
}

/** Every diagnostic as one line, `rpi.yml:3:5: machines.web.memory: …`. */
export function formatDiagnostics(errors: readonly ConfigDiagnostic[], cwd: string): string[] {
  return errors.map((d) => formatDiagnostic(d, cwd));
}

/** loadProject for commands that cannot go on without a config: throws a ConfigError listing every error. */
export async function requireProject(
  options: LoadOptions,
): Promise<{ config: ProjectConfig; inputs: ProjectInputs }> {
  const result = await loadProject(options);
  if ("config" in result) return result;
  const lines = formatDiagnostics(result.errors, options.cwd);
  const file = result.errors.find((e) => e.file)?.file;
  if (lines.length === 1 && !file) {
    throw new ConfigError(
      lines[0],
      "check -f, RPI_FILE and -p, or run rpi in the project's folder",
    );
  }
  const count = lines.length === 1 ? "1 error" : `${lines.length} errors`;
  const header = file ? `${displayPath(file, options.cwd)} is not valid (${count}):` : `${count}:`;
  throw new ConfigError([header, ...lines].join("\n"), "run `rpi validate` after fixing it");
}
