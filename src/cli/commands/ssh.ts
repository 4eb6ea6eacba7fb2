import type { Command } from "commander";

/** `rpi ssh <machine> [-- command…]`: OpenSSH with the machine's port, user and rpi's key. */
export function registerSsh(program: Command): void {
  program
    .command("ssh")
    .description("open a shell on a machine, or run a command there")
    .argument("<machine>", "machine name")
    .argument("[command...]", "command to run (after --)")
    .option("-u, --user <name>", "log in as this user (default: the machine's ssh.user)")
    .action(async (name: string, remote: string[], flags: { user?: string }, command: Command) => {
      const { sshAction } = await import("../actions/ssh.js");
      await sshAction(name, remote, flags, command);
    });
}
