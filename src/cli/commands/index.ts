import type { Command } from "commander";

/** Every verb of the CLI; each module adds one command to the program. */
export function registerCommands(program: Command): void {
  void program;
}
