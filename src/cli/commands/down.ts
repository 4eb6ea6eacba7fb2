import type { Command } from "commander";

/** `rpi down [machine…]`: power guests off cleanly, remove their containers, and the network when empty. */
export function registerDown(program: Command): void {
  program
    .command("down")
    .description("power the machines off cleanly and remove them (and the project network)")
    .argument("[machines...]", "only these machines (default: all, orphans included)")
    .option(
      "-v, --volumes",
      "also remove the machines' disks (overlays); never the cache or your image",
    )
    .option("-t, --timeout <seconds>", "grace before a guest that doesn't power off is ended", "20")
    .action(
      async (names: string[], flags: { volumes?: boolean; timeout: string }, command: Command) => {
        const { downAction } = await import("../actions/down.js");
        await downAction(names, flags, command);
      },
    );
}
