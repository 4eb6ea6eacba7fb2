import { deepStrictEqual, match, ok } from "node:assert/strict";
import type { Probe, ProbeOutcome } from "../../../src/health/probe.js";
import { waitUntilReady } from "../../../src/health/wait-until-ready.js";
import { FakeClock } from "./fake-clock.js";

/** A probe that answers from a script, one outcome per check, the last one repeating. */
function scripted(
  outcomes: (ProbeOutcome | Error)[],
  clock?: FakeClock,
  costMs = 0,
): Probe & { calls: number } {
  const probe = {
    describe: "scripted probe",
    calls: 0,
    async check() {
      const o = outcomes[Math.min(probe.calls++, outcomes.length - 1)];
      if (clock) clock.t += costMs;
      if (o instanceof Error) throw o;
      return o;
    },
  };
  return probe;
}

const NOT = { ready: false, detail: "silent" };
const YES = { ready: true, detail: "SSH-2.0-dropbear" };

describe("waitUntilReady", () => {
  it("is ready at once when the first check succeeds, without sleeping", async () => {
    const clock = new FakeClock();
    const r = await waitUntilReady({ probe: scripted([YES]), timeoutMs: 10_000, clock });
    deepStrictEqual(r, { ready: true, afterMs: 0, attempts: 1, detail: "SSH-2.0-dropbear" });
    deepStrictEqual(clock.sleeps, []);
  });

  it("backs off 200 ms doubling to 1 s between attempts and reports when it became ready", async () => {
    const clock = new FakeClock();
    const r = await waitUntilReady({
      probe: scripted([NOT, NOT, NOT, NOT, NOT, NOT, YES]),
      timeoutMs: 60_000,
      clock,
    });
    deepStrictEqual(clock.sleeps, [200, 400, 800, 1000, 1000, 1000]);
    deepStrictEqual(r, { ready: true, afterMs: 4400, attempts: 7, detail: "SSH-2.0-dropbear" });
  });

  it("fails after the timeout with the timeout and the probe's last words in the reason", async () => {
    const clock = new FakeClock();
    const r = await waitUntilReady({ probe: scripted([NOT]), timeoutMs: 3000, clock });
    ok(!r.ready);
    deepStrictEqual(r.afterMs, 3000);
    match(r.reason, /3 s timeout/);
    match(r.reason, /scripted probe/);
    match(r.reason, /silent/);
    // The last pause is cut short so the deadline is not overshot.
    deepStrictEqual(clock.sleeps, [200, 400, 800, 1000, 600]);
  });

  it("counts a slow probe's own time against the timeout", async () => {
    const clock = new FakeClock();
    const r = await waitUntilReady({ probe: scripted([NOT], clock, 5000), timeoutMs: 9000, clock });
    ok(!r.ready);
    deepStrictEqual(r.attempts, 2);
  });

  it("treats a probe that throws as not ready and keeps trying", async () => {
    const clock = new FakeClock();
    const r = await waitUntilReady({
      probe: scripted([new Error("ECONNRESET"), YES]),
      timeoutMs: 5000,
      clock,
    });
    deepStrictEqual(r.ready, true);
    deepStrictEqual(r.attempts, 2);
  });

  it("reports each attempt to onAttempt", async () => {
    const clock = new FakeClock();
    const seen: string[] = [];
    await waitUntilReady({
      probe: scripted([NOT, YES]),
      timeoutMs: 5000,
      clock,
      onAttempt: (a) => seen.push(`${a.n}@${a.elapsedMs}:${a.ready}`),
    });
    deepStrictEqual(seen, ["1@0:false", "2@200:true"]);
  });

  it("stops early with the giveUp reason (e.g. QEMU exited) instead of waiting out the timeout", async () => {
    const clock = new FakeClock();
    let checks = 0;
    const r = await waitUntilReady({
      probe: scripted([NOT]),
      timeoutMs: 600_000,
      clock,
      giveUp: async () => (++checks === 3 ? "QEMU exited with code 1" : undefined),
    });
    ok(!r.ready);
    match(r.reason, /QEMU exited with code 1/);
    match(r.reason, /600 s timeout/);
    deepStrictEqual(r.attempts, 3);
  });
});
