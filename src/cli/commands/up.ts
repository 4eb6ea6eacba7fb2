import { Option, type Command } from "commander";
import type { UpFlags } from "../actions/up.js";

/** `rpi up [machine…]`: converge what runs to rpi.yml, and wait until every guest answers. */
export function registerUp(program: Command): void {
  program
    .command("up")
    .description("create, boot and wait for the machines of rpi.yml (only what changed)")
    .argument("[machines...]", "only these machines (default: all)")
    .option("--no-wait", "return once the machines are booting, without waiting for readiness")
    .option("--timeout <duration>", "readiness timeout for every machine (e.g. 90s, 10m)")
    .option("--remove-orphans", "remove machines that are no longer in the file")
    .option("--force-recreate", "recreate the machines even when nothing changed (new disks)")
    .option("--dry-run", "print the plan and do nothing")
    .addOption(new Option("--parallel <n>", "machines brought up at once").default("4"))
    .action(async (names: string[], flags: UpFlags, command: Command) => {
      const { upAction } = await import("../actions/up.js");
      await upAction(names, flags, command);
    });
}
