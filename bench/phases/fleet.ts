import type { BenchContext } from "../lib/context.js";
import type { BenchMachine } from "../lib/project.js";

/** How long the 10 guests are left after `up` before P3 is measured: idle, as a fleet mostly is. */
const SETTLE_MS = 15_000;

/**
 * The pause before each idle run: a status leaves each guest ending the sshd child of the connection
 * it held (~5–10 ms of emulated CPU each, ~0.1 s of the host's 2 CPUs for ten), so a run started
 * right after another measures that too. Back-to-back runs are reported beside the figure.
 */
const IDLE_PAUSE_MS = 1_000;

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
  const statusTimes = async (n: number, pauseMs = 0) => {
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
      times.push((await ten.rpiOk(["status", "--json"])).ms);
    }
    return times;
  };
  // Right after `up` the guests are still busy: the last ones just booted, and connections the
  // health checks opened before a guest had network reach its sshd seconds later (banner-pace.ts).
  ctx.log(`P3: ${status.machines.length} machines, ${states}; 3 runs right after up`);
  const busy = await statusTimes(3);
  ctx.log(
    `P3: ${SETTLE_MS / 1000} s for the guests to settle, then ${runs} runs of status --json ` +
      `${IDLE_PAUSE_MS / 1000} s apart and ${runs} back to back`,
  );
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const idle = await statusTimes(runs, IDLE_PAUSE_MS);
  const backToBack = await statusTimes(runs);
  ctx.results.seconds(
    "P3",
    `\`rpi status --json\`, 10 machines (all ${states}, idle)`,
    idle,
    { op: "≤", value: 0.3 },
    true,
  );
  ctx.results.seconds(
    "P3",
    "  same, back to back (guests still closing the last run's)",
    backToBack,
  );
  ctx.results.seconds("P3", "  same, right after `up` returned (guests still busy)", busy);
  ctx.log("P3: rpi down --volumes of the 10 machines");
  await ten.rpiOk(["down", "--volumes"]);
}
