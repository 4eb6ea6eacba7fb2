import type { BenchContext } from "../lib/context.js";
import type { BenchMachine } from "../lib/project.js";

/** P3: `rpi status --json` of a 10-machine project whose guests are all up and ready. */
export async function fleetPhase(ctx: BenchContext): Promise<void> {
  const machines: Record<string, BenchMachine> = {};
  for (let i = 1; i <= 10; i++) machines[`m${i}`] = { board: "virt", memory: 256 };
  const ten = ctx.newProject("ten", machines);
  ctx.log("P3: rpi up of 10 virt machines (waits until all are ready)");
  await ten.rpiOk(["up"]);
  const status = JSON.parse((await ten.rpiOk(["status", "--json"])).stdout) as {
    machines: { state: string }[];
  };
  const states = [...new Set(status.machines.map((m) => m.state))].join(", ");
  const runs = 3 * ctx.reps;
  ctx.log(`P3: ${status.machines.length} machines, ${states}; ${runs} runs of status --json`);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await ten.rpiOk(["status", "--json"])).ms);
  ctx.results.seconds(
    "P3",
    `\`rpi status --json\`, 10 machines (all ${states})`,
    times,
    { op: "≤", value: 0.3 },
    true,
  );
  ctx.log("P3: rpi down --volumes of the 10 machines");
  await ten.rpiOk(["down", "--volumes"]);
}
