import type { Command } from "commander";

/** `rpi status [--json]`: what every machine really is now, the guest probed, not assumed. */
export function registerStatus(program: Command): void {
  program
    .command("status")
    .alias("ps")
    .description("show each machine's state (missing, created, booting, ready, unhealthy, exited)")
    .option("--json", "machine-readable output (see the README for the fields)")
    .action(async (flags: { json?: boolean }, command: Command) => {
      const { statusAction } = await import("../actions/status.js");
      await statusAction(flags, command);
    });
}
