import type { Command } from "commander";

/** `rpi logs [-f] [--tail N] <machine>`: the guest console. */
export function registerLogs(program: Command): void {
  program
    .command("logs")
    .description("print a machine's console (the guest's boot and login prompt)")
    .argument("<machine>", "machine name")
    .option("-f, --follow", "keep printing new console output")
    .option("-n, --tail <lines>", "only the last N lines")
    .action(async (name: string, flags: { follow?: boolean; tail?: string }, command: Command) => {
      const { logsAction } = await import("../actions/logs.js");
      await logsAction(name, flags, command);
    });
}
