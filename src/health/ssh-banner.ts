import { connect } from "node:net";
import type { Probe } from "./probe.js";

// A server may send other lines before its identification (RFC 4253 §4.2); none is this long.
const MAX_PREAMBLE = 8192;

/**
 * Reads an SSH server's identification line (`SSH-2.0-…`) from host:port.
 * A connection that is refused, closes or stays silent yields undefined: QEMU's user network
 * accepts connections on a forwarded port before anything in the guest listens. `signal` ends
 * the read early (undefined).
 */
export function readSshBanner(
  host: string,
  port: number,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<string | undefined> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(undefined);
    const socket = connect({ host, port });
    let buffered = "";
    const finish = (banner: string | undefined): void => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      socket.destroy();
      resolve(banner);
    };
    const onAbort = () => finish(undefined);
    signal?.addEventListener("abort", onAbort);
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split("\n");
      // The last piece has no newline yet, unless it is already a whole banner.
      const complete = lines.slice(0, -1);
      const banner = complete.find((l) => l.startsWith("SSH-"));
      if (banner !== undefined) return finish(banner.replace(/\r$/, ""));
      if (buffered.length > MAX_PREAMBLE) finish(undefined);
    });
    socket.on("error", () => finish(undefined));
    socket.on("close", () => finish(undefined));
  });
}

/**
 * Connections a probe keeps open at once. dropbear serves at most 5 unauthenticated connections
 * per client address (and every connection through QEMU's user network comes from one address):
 * a probe that held more would have `rpi status` or `rpi ssh` turned away right after `up`.
 */
const MAX_OPEN_ATTEMPTS = 3;

/**
 * A probe that is ready when host:port answers with an SSH banner, seen within about one check of
 * sshd listening, without flooding a guest that is still booting. Connections overlap: one
 * "patient" connection lives up to `attemptTimeoutMs` (a slow guest may take seconds to send its
 * banner, and a connection made before its sshd listened can connect late), others two checks long.
 * A new one starts at every check while the last ones were turned away at once (the guest's
 * network is up, its sshd not yet: cheap to ask again), but only every fifth check while they
 * stay silent (the guest has no network yet: each connection would be one more for QEMU to carry
 * to it). The first banner closes every connection. With `confirm`, a fresh connection must then
 * be answered too: a slow guest's sshd turns new connections away for a moment after it starts
 * (the probe's last ones still count against its limit), and ready must mean the user's next
 * `ssh` gets in.
 */
export function sshBannerProbe(
  host: string,
  port: number,
  attemptTimeoutMs = 5000,
  checkEveryMs = Math.min(200, attemptTimeoutMs),
  confirm = false,
): Probe {
  let banner: string | undefined;
  let firstBanner: string | undefined;
  let confirming = false;
  let open = 0;
  let patientOpen = false;
  let turnedAway = false;
  let lastStart = -Infinity;
  const stop = new AbortController();
  let announce: () => void = () => undefined;
  const bannerSeen = new Promise<void>((resolve) => (announce = resolve));
  const attempt = (patient: boolean): Promise<unknown> => {
    open++;
    if (patient) patientOpen = true;
    const budget = patient ? attemptTimeoutMs : Math.min(attemptTimeoutMs, 2 * checkEveryMs);
    const started = (lastStart = performance.now());
    return readSshBanner(host, port, budget, stop.signal).then((seen) => {
      open--;
      if (patient) patientOpen = false;
      turnedAway = performance.now() - started < budget / 2;
      if (seen !== undefined && firstBanner === undefined) {
        firstBanner = seen;
        stop.abort();
        if (confirm) void confirmation();
        else settle(seen);
      }
    });
  };
  const settle = (seen: string) => {
    banner = seen;
    announce();
  };
  /** One fresh connection after the first banner; the next check tries again if it was turned away. */
  const confirmation = (): Promise<unknown> => {
    confirming = true;
    return readSshBanner(host, port, attemptTimeoutMs).then((seen) => {
      confirming = false;
      if (seen !== undefined) settle(seen);
    });
  };
  const nextAttempt = (): Promise<unknown> | undefined => {
    if (banner !== undefined) return undefined;
    if (firstBanner !== undefined) return confirming ? undefined : confirmation();
    if (!patientOpen) return attempt(true);
    const due = turnedAway || performance.now() - lastStart >= 5 * checkEveryMs;
    return due && open < MAX_OPEN_ATTEMPTS ? attempt(false) : undefined;
  };
  return {
    describe: `SSH banner on ${host}:${port}`,
    async check() {
      const started = nextAttempt();
      if (banner === undefined) {
        const waited = new Promise<void>((resolve) => setTimeout(resolve, checkEveryMs));
        await Promise.race([started ?? waited, waited, bannerSeen]);
      }
      return banner
        ? { ready: true, detail: banner }
        : {
            ready: false,
            detail:
              firstBanner === undefined
                ? `no SSH banner from ${host}:${port} yet (each connection waits up to ${attemptTimeoutMs} ms)`
                : `${host}:${port} answered once (${firstBanner}); waiting for it to take a new connection`,
          };
    },
  };
}
