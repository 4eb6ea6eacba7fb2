/** The few error classes the CLI maps to exit codes (STYLE: errors are few and typed). */

/** A problem in the user's input: rpi.yml, an image, a flag. Exit code 2. */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = "ConfigError";
  }
}

/** A problem in the environment or a machine: no engine, a port in use, a boot that failed. Exit code 1. */
export class RuntimeError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = "RuntimeError";
  }
}

/** A bug in rpi itself: printed with its stack and a request for a bug report. */
export class InternalError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "InternalError";
  }
}
