import type { MachineConfig, ProjectConfig } from "../config/types.js";
import type { Observed, ObservedMachine } from "../plan/observed.js";
import type { Runtime } from "./runtime.js";

/** Answers, quickly, whether a running machine's guest is ready now. */
export type ReadinessCheck = (
  machine: Omit<ObservedMachine, "ready">,
  config: MachineConfig | undefined,
) => Promise<boolean>;

/** One snapshot of the project: its machines from the runtime, each running one probed once. */
export async function observe(
  runtime: Runtime,
  config: ProjectConfig,
  isReady: ReadinessCheck,
): Promise<Observed> {
  const listed = await runtime.list(config.name);
  const byName = new Map(config.machines.map((machine) => [machine.name, machine]));
  const machines = await Promise.all(
    listed.map(async (machine) => ({
      ...machine,
      ready: machine.state === "running" && (await isReady(machine, byName.get(machine.machine))),
    })),
  );
  return { machines };
}
