import type { Command } from "commander";
import { RuntimeError } from "../../errors.js";
import { checkMachineNames, openProject } from "../project-session.js";

/** The `rpi logs` action; loaded only when this verb runs, so other verbs start fast. */
export async function logsAction(
  name: string,
  flags: { follow?: boolean; tail?: string },
  command: Command,
): Promise<void> {
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
}
