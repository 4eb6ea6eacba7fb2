import { connect, type Socket } from "node:net";
import { realClock } from "./clock.js";
import type { Probe } from "./probe.js";

// A server may send other lines before its identification (RFC 4253 §4.2); none is this long.
const MAX_PREAMBLE = 8192;

/** How one connection's wait for the banner ended: the banner, or closed (refused) vs silent. */
export type BannerOutcome = { banner: string } | { banner: undefined; closed: boolean };

/**
 * Connections kept open after their banner was read, until `release()`. Closing one makes the guest
 * end the sshd child that answered it: work an emulated guest does on the host's CPU, ~10 ms each
 * under TCG (measured), while the other guests of the same observation are still being asked. Held
 * connections do not keep the process alive; they close when it exits, if not released before.
 */
export class HeldConnections {
  private readonly sockets = new Set<Socket>();

  hold(socket: Socket): void {
    socket.removeAllListeners("data");
    socket.on("close", () => this.sockets.delete(socket));
    socket.pause();
    socket.unref();
    this.sockets.add(socket);
  }

  release(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }
}

/** One connection waiting for an SSH banner, and a way to end it early. */
export interface BannerAttempt {
  outcome: Promise<BannerOutcome>;
  cancel(): void;
}

/**
 * Connects to host:port and waits up to `timeoutMs` for the server's identification line
 * (`SSH-2.0-…`), skipping lines a server may send before it. No banner is either `closed` (refused,
 * closed or garbled: something answered) or silent: QEMU's user network accepts connections on a
 * forwarded port before anything in the guest listens, and holds them while the guest has no network.
 */
export function attemptSshBanner(
  host: string,
  port: number,
  timeoutMs: number,
  held?: HeldConnections,
): BannerAttempt {
  const socket = connect({ host, port });
  let settled = false;
  let settle: (outcome: BannerOutcome) => void = () => undefined;
  const outcome = new Promise<BannerOutcome>((resolve) => (settle = resolve));
  const finish = (ended: BannerOutcome): void => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    if (ended.banner !== undefined && held) held.hold(socket);
    else socket.destroy();
    settle(ended);
  };
  const closed = () => finish({ banner: undefined, closed: true });
  const timer = setTimeout(() => finish({ banner: undefined, closed: false }), timeoutMs);
  let buffered = "";
  socket.setEncoding("latin1");
  socket.on("data", (chunk: string) => {
    buffered += chunk;
    // Only whole lines count: the last piece has no newline yet.
    const banner = buffered
      .split("\n")
      .slice(0, -1)
      .find((line) => line.startsWith("SSH-"));
    if (banner !== undefined) return finish({ banner: banner.replace(/\r$/, "") });
    if (buffered.length > MAX_PREAMBLE) closed();
  });
  socket.on("error", closed);
  socket.on("close", closed);
  return { outcome, cancel: closed };
}

/**
 * An SSH server's identification line from host:port, or undefined (see attemptSshBanner); with
 * `held`, a connection that gave its banner stays open until `held.release()`.
 */
export async function readSshBanner(
  host: string,
  port: number,
  timeoutMs: number,
  held?: HeldConnections,
): Promise<string | undefined> {
  return (await attemptSshBanner(host, port, timeoutMs, held).outcome).banner;
}

/**
 * The banner within `budgetMs`, asking again (after `pauseMs`) while connections are turned away —
 * closed without a banner. Right after a boot, a guest's sshd is still busy with the connections
 * forwarded while it booted and closes new ones for a moment (dropbear serves 5 unauthenticated
 * clients per address; seen right after `up` of raspi3b). A silent connection is waited for, not
 * repeated.
 */
export async function readSshBannerWithin(
  host: string,
  port: number,
  budgetMs: number,
  held?: HeldConnections,
  pauseMs = 100,
): Promise<string | undefined> {
  const deadline = realClock.now() + budgetMs;
  for (;;) {
    const left = Math.max(1, deadline - realClock.now());
    const outcome = await attemptSshBanner(host, port, left, held).outcome;
    if (outcome.banner !== undefined || !outcome.closed) return outcome.banner;
    if (deadline - realClock.now() <= pauseMs) return undefined;
    await realClock.sleep(pauseMs);
  }
}

/**
 * A probe that is ready when host:port answers with an SSH banner. Each check opens a new
 * connection and waits at most `checkEveryMs` for it, while earlier connections stay open up to
 * `attemptTimeoutMs`: a connection forwarded before the guest's sshd listened can stay silent for
 * seconds, so neither the first banner of an old connection nor the moment sshd starts is missed.
 * With `askAgainWhenClosed` (a single check, as status makes), a connection turned away is asked
 * again within `attemptTimeoutMs` (see readSshBannerWithin).
 */
export function sshBannerProbe(
  host: string,
  port: number,
  attemptTimeoutMs = 5000,
  checkEveryMs = Math.min(200, attemptTimeoutMs),
  askAgainWhenClosed = false,
): Probe {
  let banner: string | undefined;
  const read = askAgainWhenClosed ? readSshBannerWithin : readSshBanner;
  return {
    describe: `SSH banner on ${host}:${port}`,
    async check() {
      const attempt = read(host, port, attemptTimeoutMs).then((seen) => {
        banner ??= seen;
        return seen;
      });
      const waited = new Promise<undefined>((resolve) => setTimeout(resolve, checkEveryMs));
      await Promise.race([attempt, waited]);
      return banner
        ? { ready: true, detail: banner }
        : {
            ready: false,
            detail: `no SSH banner from ${host}:${port} yet (each connection waits ${attemptTimeoutMs} ms)`,
          };
    },
  };
}
