import type { Command } from "commander";
import { removeMachineDisk } from "../../disk/prepare-disk.js";
import { powerOff } from "../../execute/power-off.js";
import { withProjectLock } from "../../project/lock.js";
import { forgetRuntime, recordedRuntime } from "../../project/runtime-record.js";
import { RuntimeError } from "../../errors.js";
import { checkMachineNames, openProject } from "../project-session.js";

/** The `rpi down` action; loaded only when this verb runs, so other verbs start fast. */
export async function downAction(
  names: string[],
  flags: { volumes?: boolean; timeout: string },
  command: Command,
): Promise<void> {
  const { config, runtime } = await openProject(command);
  const grace = Math.max(1, Number(flags.timeout) || 20);
  await withProjectLock(
    config.dir,
    (pid) =>
      process.stderr.write(`waiting for another rpi (pid ${pid}) working on this project…\n`),
    async () => {
      const listed = await runtime.list(config.name);
      checkMachineNames(
        config,
        names,
        listed.map((machine) => machine.machine),
      );
      const targets = listed.filter(
        (machine) => names.length === 0 || names.includes(machine.machine),
      );
      const failures: string[] = [];
      await Promise.all(
        targets.map(async (machine) => {
          try {
            const how = await powerOff(runtime, config.dir, config.name, machine, grace);
            await runtime.remove(config.name, machine.machine);
            process.stdout.write(`${machine.machine}: removed (${how})\n`);
          } catch (error) {
            failures.push(`${machine.machine}: ${(error as Error).message}`);
          }
        }),
      );
      if (flags.volumes) {
        const disks =
          names.length > 0
            ? names
            : config.machines.map((machine) => machine.name).concat(targets.map((m) => m.machine));
        await Promise.all([...new Set(disks)].map((name) => removeMachineDisk(config.dir, name)));
        process.stdout.write(`disks removed: ${[...new Set(disks)].join(", ")}\n`);
      }
      if ((await runtime.list(config.name)).length === 0) {
        await runtime.removeNetwork(config.name);
        if ((await recordedRuntime(config.dir)) === runtime.kind) await forgetRuntime(config.dir);
      }
      if (targets.length === 0) {
        process.stdout.write(`project ${config.name}: no machines to remove\n`);
      }
      if (failures.length > 0) {
        throw new RuntimeError(
          failures.join("\n"),
          "run `rpi status` to see what is left, then `rpi down` again",
        );
      }
    },
  );
}
