import type { Command } from "commander";
import { quickReadiness } from "../../execute/readiness.js";
import { formatStatusTable } from "../../report/format-status.js";
import { machineStatuses } from "../../report/machine-status.js";
import { observe } from "../../runtime/observe.js";
import { openProject } from "../project-session.js";

/** `rpi status [--json]`: what every machine really is now, the guest probed, not assumed. */
export function registerStatus(program: Command): void {
  program
    .command("status")
    .alias("ps")
    .description("show each machine's state (missing, created, booting, ready, unhealthy, exited)")
    .option("--json", "machine-readable output (see the README for the fields)")
    .action(async (flags: { json?: boolean }, command: Command) => {
      const { config, runtime } = await openProject(command);
      const observed = await observe(runtime, config, quickReadiness(runtime, config.name));
      const rows = machineStatuses(config, observed.machines, new Date());
      process.stdout.write(
        flags.json
          ? `${JSON.stringify({ project: config.name, runtime: runtime.kind, machines: rows }, null, 2)}\n`
          : formatStatusTable(rows),
      );
    });
}
