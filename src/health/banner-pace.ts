/**
 * When `up`'s SSH banner watch opens its next connection: a pure decision over what the watch saw.
 *
 * A connection forwarded into a guest whose network is not up yet stays silent, and QEMU's user
 * network keeps sending its SYN after the host side closed: it reaches the guest's sshd seconds later,
 * as one more unauthenticated client (dropbear turns away a sixth from one address, and a slow guest
 * pays a fork for each; measured: ~10 such arrive within 8 s after a virt guest's `up`). So into a
 * silent guest go two connections a second, and a few more where the banner is likeliest: right
 * after user space printed on the console and went quiet (the guest just did something: configured
 * its network, started sshd), within a budget. Once a connection was refused, the guest's network is
 * up and a refusal costs it nothing: the next follows shortly after.
 */
export interface BannerPace {
  /** After a refused connection (the guest answers, nothing listens yet), the pause before the next. */
  afterRefusalMs: number;
  /** While connections stay silent, the longest pause between two. */
  whileSilentMs: number;
  /** The console must have been quiet this long after printing before its nudge opens a connection. */
  consoleQuietMs: number;
  /** The shortest pause between two connections into a silent guest. */
  minSilentGapMs: number;
  /** Connections the console nudges: the budget refills this many per second, up to `burst`. */
  nudgesPerSecond: number;
  burst: number;
  /** Open connections at most. */
  maxPending: number;
}

export const DEFAULT_BANNER_PACE: BannerPace = {
  afterRefusalMs: 25,
  whileSilentMs: 500,
  consoleQuietMs: 20,
  minSilentGapMs: 100,
  nudgesPerSecond: 1,
  burst: 4,
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
  if (state.pending >= pace.maxPending) return "wait";
  if (newestRefusedAt !== undefined) {
    return now - newestRefusedAt >= pace.afterRefusalMs ? "after-refusal" : "wait";
  }
  const sinceOpened = now - newestOpenedAt;
  if (sinceOpened >= pace.whileSilentMs) return "silent";
  if (state.budget < 1) return "wait";
  const { lastOutputAt } = state;
  const consoleSpokeThenQuiet =
    lastOutputAt !== undefined &&
    lastOutputAt > newestOpenedAt &&
    now - lastOutputAt >= pace.consoleQuietMs;
  return consoleSpokeThenQuiet && sinceOpened >= pace.minSilentGapMs ? "console" : "wait";
}

/** The budget after `elapsedMs` more: it refills at `nudgesPerSecond`, up to `burst`. */
export function refillBudget(budget: number, elapsedMs: number, pace = DEFAULT_BANNER_PACE) {
  return Math.min(pace.burst, budget + (elapsedMs / 1000) * pace.nudgesPerSecond);
}

export function spendsBudget(decision: PaceDecision): boolean {
  return decision === "console";
}
