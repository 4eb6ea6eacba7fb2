import type { Command } from "commander";
import { RuntimeError } from "../../errors.js";
import { checkMachineNames, openProject } from "../project-session.js";

/** `rpi logs [-f] [--tail N] <machine>`: the guest console. */
export function registerLogs(program: Command): void {
  program
    .command("logs")
    .description("print a machine's console (the guest's boot and login prompt)")
    .argument("<machine>", "machine name")
    .option("-f, --follow", "keep printing new console output")
    .option("-n, --tail <lines>", "only the last N lines")
    .action(async (name: string, flags: { follow?: boolean; tail?: string }, command: Command) => {
      const { config, runtime } = await openProject(command);
      const listed = await runtime.list(config.name);
      checkMachineNames(
        config,
        [name],
        listed.map((machine) => machine.machine),
      );
      if (!listed.some((machine) => machine.machine === name)) {
        throw new RuntimeError(`${name} has not been created`, `run \`rpi up ${name}\` first`);
      }
      const tail = flags.tail === undefined ? undefined : Math.max(0, Number(flags.tail) || 0);
      const stream = await runtime.logs(config.name, name, { follow: flags.follow === true, tail });
      await new Promise<void>((resolve, reject) => {
        stream.on("error", reject);
        stream.on("end", resolve);
        stream.pipe(process.stdout, { end: false });
      });
    });
}
