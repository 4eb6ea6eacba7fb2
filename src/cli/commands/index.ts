import type { Command } from "commander";
import { registerConfig } from "./config.js";
import { registerValidate } from "./validate.js";

/** Every verb of the CLI; each module adds one command to the program. */
export function registerCommands(program: Command): void {
  registerValidate(program);
  registerConfig(program);
}
