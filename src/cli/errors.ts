import { ConfigError, RuntimeError } from "../errors.js";

/** Exit code for an error: 2 for the user's input, 1 for the environment or a machine, 1 for our own bugs. */
export function exitCodeFor(error: unknown): number {
  return error instanceof ConfigError ? 2 : 1;
}

/** The text printed for an error: no stack for user errors; a stack and a bug-report line for ours. */
export function formatError(error: unknown): string {
  if (error instanceof ConfigError || error instanceof RuntimeError) {
    const hint = error.hint ? `\nhint: ${error.hint}` : "";
    return `error: ${error.message}${hint}\n`;
  }
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return `internal error: ${stack}\nThis is a bug in rpi: please report it with the command you ran and the output above.\n`;
}
