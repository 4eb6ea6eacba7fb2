import {
  DEFAULT_BANNER_PACE,
  nextConnection,
  refillBudget,
  spendsBudget,
  type BannerPace,
} from "./banner-pace.js";
import type { Probe } from "./probe.js";
import { attemptSshBanner, type BannerAttempt } from "./ssh-banner.js";
import { realClock, type Clock } from "./clock.js";

export interface SshBannerWatch extends Probe {
  /** The guest's console printed: the watch may try a connection once it goes quiet. */
  consoleOutput(): void;
  /** Closes every connection and stops connecting. */
  close(): void;
}

export interface BannerWatchOptions {
  /** How long one connection may stay silent before it is dropped. */
  attemptTimeoutMs?: number;
  /** How long one check() waits for the banner before it reports "not yet". */
  checkWindowMs?: number;
  /** How often the pace is looked at. */
  tickMs?: number;
  pace?: BannerPace;
  clock?: Pick<Clock, "now">;
}

/**
 * `up`'s readiness probe: watches host:port for an SSH banner, opening connections at the pace
 * nextConnection() decides (see banner-pace.ts), nudged by the guest's console. Every connection
 * is closed at the first banner, and by close().
 */
export function sshBannerWatch(
  host: string,
  port: number,
  options: BannerWatchOptions = {},
): SshBannerWatch {
  const pace = options.pace ?? DEFAULT_BANNER_PACE;
  const clock = options.clock ?? realClock;
  const attemptTimeoutMs = options.attemptTimeoutMs ?? 5000;
  const open = new Set<BannerAttempt>();
  let banner: string | undefined;
  let closed = false;
  let firstOpenedAt: number | undefined;
  let newestOpenedAt: number | undefined;
  let newestRefusedAt: number | undefined;
  let budget: number = pace.burst;
  let budgetAt = clock.now();
  let lastOutputAt: number | undefined;
  let lastDetail = `no SSH banner from ${host}:${port} yet`;
  const waiters = new Set<() => void>();

  const finish = (seen: string) => {
    banner ??= seen;
    stop();
  };
  const stop = () => {
    closed = true;
    clearInterval(ticker);
    for (const connection of open) connection.cancel();
    open.clear();
    for (const wake of waiters) wake();
    waiters.clear();
  };

  const attempt = () => {
    const openedAt = clock.now();
    firstOpenedAt ??= openedAt;
    newestOpenedAt = openedAt;
    newestRefusedAt = undefined;
    const connection = attemptSshBanner(host, port, attemptTimeoutMs);
    open.add(connection);
    void connection.outcome.then((ended) => {
      open.delete(connection);
      if (closed) return;
      if (ended.banner !== undefined) return finish(ended.banner);
      if (ended.closed) {
        if (newestOpenedAt === openedAt) newestRefusedAt = clock.now();
        lastDetail = `${host}:${port} closed the connection without an SSH banner`;
      } else {
        lastDetail = `no SSH banner from ${host}:${port} within ${attemptTimeoutMs} ms of connecting`;
      }
      decide();
    });
  };

  const decide = () => {
    if (closed) return;
    const now = clock.now();
    budget = refillBudget(budget, now - budgetAt, pace);
    budgetAt = now;
    const decision = nextConnection(
      {
        now,
        firstOpenedAt,
        newestOpenedAt,
        newestRefusedAt,
        pending: open.size,
        budget,
        lastOutputAt,
      },
      pace,
    );
    if (decision === "wait") return;
    if (spendsBudget(decision)) budget -= 1;
    attempt();
  };
  const ticker = setInterval(decide, options.tickMs ?? 20);
  ticker.unref();

  return {
    describe: `SSH banner on ${host}:${port}`,
    consoleOutput() {
      lastOutputAt = clock.now();
    },
    close: stop,
    async check() {
      if (banner === undefined && !closed) {
        if (newestOpenedAt === undefined) decide();
        await new Promise<void>((resolve) => {
          const timer = setTimeout(wake, options.checkWindowMs ?? 1000);
          function wake() {
            clearTimeout(timer);
            waiters.delete(wake);
            resolve();
          }
          waiters.add(wake);
        });
      }
      return banner !== undefined
        ? { ready: true, detail: banner }
        : { ready: false, detail: lastDetail };
    },
  };
}
