import { deepStrictEqual } from "node:assert/strict";
import { consolePatternProbe } from "../../../src/health/console-pattern.js";
import { waitUntilReady } from "../../../src/health/wait-until-ready.js";
import { FakeClock } from "./fake-clock.js";

describe("consolePatternProbe", () => {
  it("is not ready until the console log matches, then ready with what matched", async () => {
    const logs = ["[    0.0] Booting Linux\n", "[    3.1] Run /init\nrpi-testimage: ready\n"];
    let i = 0;
    const probe = consolePatternProbe(
      async () => logs.slice(0, ++i).join(""),
      /rpi-testimage: ready/,
    );
    deepStrictEqual(await probe.check(), {
      ready: false,
      detail: "console has not printed /rpi-testimage: ready/ yet",
    });
    deepStrictEqual(await probe.check(), {
      ready: true,
      detail: 'console printed "rpi-testimage: ready"',
    });
  });

  it("drives waitUntilReady to a login prompt as the old tool waited for", async () => {
    let log = "";
    const clock = new FakeClock();
    const probe = consolePatternProbe(async () => log, /login:/);
    const r = await waitUntilReady({
      probe,
      timeoutMs: 10_000,
      clock,
      onAttempt: (a) => {
        if (a.n === 3) log += "\nraspberrypi login: ";
      },
    });
    deepStrictEqual([r.ready, r.attempts], [true, 4]);
  });
});
