import { realClock, type Clock } from "./clock.js";
import type { Probe } from "./probe.js";

export interface WaitOptions {
  probe: Probe;
  timeoutMs: number;
  clock?: Clock;
  /** Called after each attempt (for progress output). */
  onAttempt?: (attempt: { n: number; elapsedMs: number; ready: boolean; detail: string }) => void;
  /** Checked between attempts: a reason stops the wait at once (e.g. QEMU exited). */
  giveUp?: () => Promise<string | undefined>;
  /** First pause between attempts, doubled each time up to maxDelayMs. */
  initialDelayMs?: number;
  maxDelayMs?: number;
}

export type WaitResult =
  | { ready: true; afterMs: number; attempts: number; detail: string }
  | { ready: false; afterMs: number; attempts: number; reason: string };

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

/**
 * Checks `probe` until it reports ready or `timeoutMs` passes, pausing with backoff
 * (200 ms doubling to 1 s by default). A probe that throws counts as not ready.
 * The failure's reason names the timeout and the last thing the probe saw.
 */
export async function waitUntilReady(options: WaitOptions): Promise<WaitResult> {
  const clock = options.clock ?? realClock;
  const maxDelay = options.maxDelayMs ?? 1000;
  let delay = options.initialDelayMs ?? 200;
  const start = clock.now();
  let detail = "not checked yet";
  for (let n = 1; ; n++) {
    let ready = false;
    try {
      ({ ready, detail } = await options.probe.check());
    } catch (error) {
      detail = `probe failed: ${error instanceof Error ? error.message : String(error)}`;
    }
    const elapsedMs = clock.now() - start;
    options.onAttempt?.({ n, elapsedMs, ready, detail });
    if (ready) return { ready: true, afterMs: elapsedMs, attempts: n, detail };
    if (elapsedMs >= options.timeoutMs) {
      return {
        ready: false,
        afterMs: elapsedMs,
        attempts: n,
        reason: `not ready within the ${seconds(options.timeoutMs)} timeout (waited for ${options.probe.describe}; last: ${detail})`,
      };
    }
    const stop = await options.giveUp?.();
    if (stop) {
      return {
        ready: false,
        afterMs: elapsedMs,
        attempts: n,
        reason: `gave up after ${seconds(elapsedMs)} of the ${seconds(options.timeoutMs)} timeout: ${stop}`,
      };
    }
    await clock.sleep(Math.min(delay, options.timeoutMs - elapsedMs));
    delay = Math.min(delay * 2, maxDelay);
  }
}
