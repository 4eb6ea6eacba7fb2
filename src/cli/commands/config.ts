import type { Command } from "commander";
import { loadOptions } from "../project-options.js";

/** `rpi config [--json]`: the resolved config (defaults applied, paths absolute, units in MiB / bytes / ms). */
export function registerConfig(program: Command): void {
  program
    .command("config")
    .description(
      "print the resolved rpi.yml: defaults applied, paths absolute, sizes in MiB/bytes, times in ms",
    )
    .option("--json", "print JSON instead of YAML")
    .action(async (options: { json?: boolean }, command: Command) => {
      const { requireProject } = await import("../../config/load.js");
      const { config } = await requireProject(loadOptions(command));
      if (options.json) {
        process.stdout.write(JSON.stringify(config, null, 2) + "\n");
        return;
      }
      const { stringify } = await import("yaml");
      process.stdout.write(stringify(config));
    });
}
