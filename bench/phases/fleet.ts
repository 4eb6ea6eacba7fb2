import type { BenchContext } from "../lib/context.js";
import type { BenchMachine } from "../lib/project.js";

/** How long the 10 guests are left after `up` before P3 is measured: idle, as a fleet mostly is. */
const SETTLE_MS = 15_000;

/** P3: `rpi status --json` of a 10-machine project whose guests are all up, ready and idle. */
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
  const statusTimes = async (n: number) => {
    const times: number[] = [];
    for (let i = 0; i < n; i++) times.push((await ten.rpiOk(["status", "--json"])).ms);
    return times;
  };
  // Right after `up` the guests are still busy: the last ones just booted, and connections the
  // health checks opened before a guest had network reach its sshd seconds later (banner-pace.ts).
  ctx.log(`P3: ${status.machines.length} machines, ${states}; 3 runs right after up`);
  const busy = await statusTimes(3);
  ctx.log(`P3: ${SETTLE_MS / 1000} s for the guests to settle, then ${runs} runs of status --json`);
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  ctx.results.seconds(
    "P3",
    `\`rpi status --json\`, 10 machines (all ${states}, idle)`,
    await statusTimes(runs),
    { op: "≤", value: 0.3 },
    true,
  );
  ctx.results.seconds("P3", "  same, right after `up` returned (guests still busy)", busy);
  ctx.log("P3: rpi down --volumes of the 10 machines");
  await ten.rpiOk(["down", "--volumes"]);
}
