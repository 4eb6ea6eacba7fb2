import type { Command } from "commander";
import type { LoadOptions } from "../config/load.js";

/** The global `-f/--file` and `-p/--project-name` options, as every command reads them. */
export interface ProjectOptions {
  file?: string;
  projectName?: string;
}

/** Reads the global options from a command's action (defined on the root program in main.ts). */
export function projectOptions(command: Command): ProjectOptions {
  const { file, projectName } = command.optsWithGlobals<{ file?: string; projectName?: string }>();
  return { file, projectName };
}

/** The options for loadProject / requireProject from a command: the global flags, cwd and environment. */
export function loadOptions(command: Command): LoadOptions {
  return { ...projectOptions(command), cwd: process.cwd(), env: process.env };
}
