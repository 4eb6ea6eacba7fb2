/**
 * When `up`'s SSH banner watch opens its next connection: a pure decision over what the watch saw.
 *
 * A connection forwarded into a guest whose network is not up yet stays silent, and QEMU's user
 * network keeps sending its SYN after the host side closed: it reaches the guest's sshd seconds later,
 * as one more unauthenticated client (dropbear turns away a sixth from one address, and a slow guest
 * pays a fork for each; measured: ~10 such arrive within 8 s after a virt guest's `up`). So into a
 * silent guest go two connections a second, fewer the longer it stays silent, and a few more where
 * the banner is likeliest: right after user space printed on the console and went quiet (the guest
 * just did something: configured its network, started sshd), within a small budget. Once a
 * connection was refused, the guest's network is up and a refusal costs it nothing: the next
 * follows shortly after.
 */
export interface BannerPace {
  /** After a refused connection (the guest answers, nothing listens yet), the pause before the next. */
  afterRefusalMs: number;
  /**
   * While connections stay silent, the longest pause between two: `[after, pause]` steps by the time
   * since the first connection. A guest that boots long (a slow board, ten sharing two cores) gets
   * fewer, so fewer pile up to reach its sshd at once after it is ready.
   */
  whileSilentMs: [number, number][];
  /** The console must have been quiet this long after printing before its nudge opens a connection. */
  consoleQuietMs: number;
  /** The shortest pause between two connections into a silent guest. */
  minSilentGapMs: number;
  /** Connections the console nudges: the budget refills this many per second, up to `burst`. */
  nudgesPerSecond: number;
  burst: number;
  /**
   * Connections the silent pace keeps open at most. A console nudge or a follow-up to a refusal may
   * open one more: the budget bounds the first, and a refusal closed one for the second. (When this
   * capped them too, ten silent connections from the first 5 s of a slow boot held off the nudge of
   * the guest's ready line until one timed out: 0.4–1 s, measured under load.)
   */
  maxPending: number;
}

export const DEFAULT_BANNER_PACE: BannerPace = {
  afterRefusalMs: 25,
  whileSilentMs: [
    [0, 500],
    [5_000, 1_000],
    [15_000, 2_000],
  ],
  consoleQuietMs: 20,
  minSilentGapMs: 150,
  nudgesPerSecond: 0.25,
  burst: 6,
  maxPending: 10,
};

/**
 * Whether a console line is the kernel's (`[    2.386246] …`): the kernel prints hundreds while it
 * boots, long before any network is up, so only the lines of user space (init, DHCP clients, sshd,
 * systemd) nudge the watch.
 */
export function isKernelMessage(line: string): boolean {
  return /^\[\s*\d+\.\d+\]/.test(line);
}

/** What the watch has seen, at `now` (ms on one monotonic scale). */
export interface PaceState {
  now: number;
  /** When the first connection was opened. */
  firstOpenedAt?: number;
  /** When the newest connection was opened; when it closed without a banner, if it did. */
  newestOpenedAt?: number;
  newestRefusedAt?: number;
  /** Connections open now. */
  pending: number;
  /** Connections the console may still nudge now (see refillBudget). */
  budget: number;
  /** When the console last printed. */
  lastOutputAt?: number;
}

/** Why the next connection opens now, or "wait". Only "console" spends the budget. */
export type PaceDecision = "first" | "after-refusal" | "silent" | "console" | "wait";

export function nextConnection(state: PaceState, pace = DEFAULT_BANNER_PACE): PaceDecision {
  const { now, newestOpenedAt, newestRefusedAt } = state;
  if (newestOpenedAt === undefined) return "first";
  if (newestRefusedAt !== undefined) {
    return now - newestRefusedAt >= pace.afterRefusalMs ? "after-refusal" : "wait";
  }
  const sinceOpened = now - newestOpenedAt;
  if (
    state.pending < pace.maxPending &&
    sinceOpened >= silentPause(now - (state.firstOpenedAt ?? newestOpenedAt), pace)
  ) {
    return "silent";
  }
  if (state.budget < 1) return "wait";
  const { lastOutputAt } = state;
  const consoleSpokeThenQuiet =
    lastOutputAt !== undefined &&
    lastOutputAt > newestOpenedAt &&
    now - lastOutputAt >= pace.consoleQuietMs;
  return consoleSpokeThenQuiet && sinceOpened >= pace.minSilentGapMs ? "console" : "wait";
}

/** The pause between two connections into a silent guest, `sinceFirstMs` into the watch. */
export function silentPause(sinceFirstMs: number, pace = DEFAULT_BANNER_PACE): number {
  let pause = pace.whileSilentMs[0][1];
  for (const [after, value] of pace.whileSilentMs) if (sinceFirstMs >= after) pause = value;
  return pause;
}

/** The budget after `elapsedMs` more: it refills at `nudgesPerSecond`, up to `burst`. */
export function refillBudget(budget: number, elapsedMs: number, pace = DEFAULT_BANNER_PACE) {
  return Math.min(pace.burst, budget + (elapsedMs / 1000) * pace.nudgesPerSecond);
}

export function spendsBudget(decision: PaceDecision): boolean {
  return decision === "console";
}
