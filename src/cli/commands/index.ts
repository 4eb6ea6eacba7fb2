import type { Command } from "commander";
import { registerConfig } from "./config.js";
import { registerDown } from "./down.js";
import { registerLogs } from "./logs.js";
import { registerSsh } from "./ssh.js";
import { registerStatus } from "./status.js";
import { registerUp } from "./up.js";
import { registerValidate } from "./validate.js";

/** Every verb of the CLI; each module adds one command to the program. */
export function registerCommands(program: Command): void {
  registerUp(program);
  registerDown(program);
  registerStatus(program);
  registerLogs(program);
  registerSsh(program);
  registerValidate(program);
  registerConfig(program);
}
