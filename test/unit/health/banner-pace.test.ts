import { deepStrictEqual } from "node:assert/strict";
import {
  DEFAULT_BANNER_PACE,
  isKernelMessage,
  nextConnection,
  refillBudget,
  silentPause,
  spendsBudget,
  type PaceState,
} from "../../../src/health/banner-pace.js";

/** A watch 1 s in, one silent connection opened at 9.9 s, a full budget, no console yet. */
const base: PaceState = {
  now: 10_000,
  firstOpenedAt: 9_000,
  newestOpenedAt: 9_900,
  pending: 1,
  budget: DEFAULT_BANNER_PACE.burst,
};

describe("banner pace: when up's SSH banner watch opens its next connection", () => {
  const cases: [string, Partial<PaceState>, string][] = [
    ["nothing opened yet", { newestOpenedAt: undefined, pending: 0 }, "first"],
    ["the newest is silent and young", {}, "wait"],
    ["the newest has been silent 500 ms", { newestOpenedAt: 9_500 }, "silent"],
    ["silent 500 ms, 10 s into the watch", { newestOpenedAt: 9_500, firstOpenedAt: 0 }, "wait"],
    ["silent 1 s, 10 s into the watch", { newestOpenedAt: 9_000, firstOpenedAt: 0 }, "silent"],
    [
      "silent 1.5 s, 20 s into the watch",
      { now: 20_000, newestOpenedAt: 18_500, firstOpenedAt: 0 },
      "wait",
    ],
    ["silent 500 ms with the nudge budget spent", { newestOpenedAt: 9_500, budget: 0 }, "silent"],
    ["refused 10 ms ago", { newestRefusedAt: 9_990, pending: 0 }, "wait"],
    ["refused 25 ms ago", { newestRefusedAt: 9_975, pending: 0 }, "after-refusal"],
    [
      "user space printed, quiet 20 ms since",
      { newestOpenedAt: 9_800, lastOutputAt: 9_980 },
      "console",
    ],
    ["user space printed, still printing", { newestOpenedAt: 9_800, lastOutputAt: 9_995 }, "wait"],
    [
      "printed, but the newest is under 150 ms old",
      { newestOpenedAt: 9_950, lastOutputAt: 9_960 },
      "wait",
    ],
    ["printed before the newest opened", { newestOpenedAt: 9_800, lastOutputAt: 9_700 }, "wait"],
    [
      "printed, no budget left",
      { newestOpenedAt: 9_800, lastOutputAt: 9_980, budget: 0.9 },
      "wait",
    ],
    ["10 open into a silent guest", { newestOpenedAt: 9_000, pending: 10 }, "wait"],
    ["9 open into a silent guest", { newestOpenedAt: 9_000, pending: 9 }, "silent"],
    [
      "10 open, user space printed and went quiet (its ready line)",
      { newestOpenedAt: 9_800, lastOutputAt: 9_980, pending: 10 },
      "console",
    ],
    [
      "10 open, the newest refused 25 ms ago",
      { newestRefusedAt: 9_975, pending: 10 },
      "after-refusal",
    ],
  ];
  for (const [name, change, expected] of cases) {
    it(`${name}: ${expected}`, () => {
      deepStrictEqual(nextConnection({ ...base, ...change }), expected);
    });
  }

  it("only connections the console nudged spend the budget", () => {
    deepStrictEqual(
      (["first", "after-refusal", "silent", "console", "wait"] as const).filter(spendsBudget),
      ["console"],
    );
  });

  it("pauses longer between connections into a guest that stays silent long", () => {
    deepStrictEqual(
      [0, 4_999, 5_000, 14_999, 15_000, 60_000].map((t) => silentPause(t)),
      [500, 500, 1_000, 1_000, 2_000, 2_000],
    );
  });

  it("refills the budget one nudge every 4 s, up to the burst of 6", () => {
    deepStrictEqual(refillBudget(0, 2_000), 0.5);
    deepStrictEqual(refillBudget(1, 8_000), 3);
    deepStrictEqual(refillBudget(3, 60_000), 6);
  });

  it("tells the kernel's console lines from user space's", () => {
    deepStrictEqual(
      [
        "[    2.386246] EXT4-fs (vda2): mounted filesystem",
        "[12345.000001] usb 1-1: new device",
        "udhcpc: lease of 10.0.2.15 obtained",
        "[  OK  ] Started ssh.service - OpenBSD Secure Shell server.",
        "rpi-testimage: ready (ssh on port 22)",
      ].map(isKernelMessage),
      [true, true, false, false, false],
    );
  });
});
