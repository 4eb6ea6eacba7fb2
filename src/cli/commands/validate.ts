import type { Command } from "commander";
import { loadOptions } from "../project-options.js";

/** `rpi validate`: check rpi.yml and say so; every error with its line and column, exit 2. */
export function registerValidate(program: Command): void {
  program
    .command("validate")
    .description("check rpi.yml (syntax, schema, boards, ports, files) without starting anything")
    .action(async (_options: object, command: Command) => {
      // Imported here so `rpi --help` and other verbs don't pay for ajv and yaml.
      const { loadProject, formatDiagnostics } = await import("../../config/load.js");
      const { displayPath } = await import("../../config/diagnostic.js");
      const options = loadOptions(command);
      const result = await loadProject(options);
      if ("config" in result) {
        const { file, machines } = result.config;
        const count = machines.length === 1 ? "1 machine" : `${machines.length} machines`;
        process.stdout.write(`${displayPath(file, options.cwd)}: ${count} OK\n`);
        return;
      }
      const lines = formatDiagnostics(result.errors, options.cwd);
      const file = result.errors.find((e) => e.file)?.file;
      const count = lines.length === 1 ? "1 error" : `${lines.length} errors`;
      const summary = file ? `${displayPath(file, options.cwd)}: ${count}` : undefined;
      process.stderr.write(
        [...lines, ...(summary && lines.length > 1 ? [summary] : [])].join("\n") + "\n",
      );
      process.exitCode = 2;
    });
}
