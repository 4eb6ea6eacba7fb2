import { connect } from "node:net";
import type { Probe } from "./probe.js";

// A server may send other lines before its identification (RFC 4253 §4.2); none is this long.
export const MAX_PREAMBLE = 8192;

/** The identification line (`SSH-…`) among the whole lines received so far, if one has come. */
export function bannerIn(received: string): string | undefined {
  const complete = received.split("\n").slice(0, -1);
  return complete.find((line) => line.startsWith("SSH-"))?.replace(/\r$/, "");
}

/**
 * Reads an SSH server's identification line (`SSH-2.0-…`) from host:port.
 * A connection that is refused, closes or stays silent yields undefined: QEMU's user network
 * accepts connections on a forwarded port before anything in the guest listens.
 */
export function readSshBanner(
  host: string,
  port: number,
  timeoutMs: number,
): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let buffered = "";
    const finish = (banner: string | undefined): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(banner);
    };
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => {
      buffered += chunk;
      const banner = bannerIn(buffered);
      if (banner !== undefined) return finish(banner);
      if (buffered.length > MAX_PREAMBLE) finish(undefined);
    });
    socket.on("error", () => finish(undefined));
    socket.on("close", () => finish(undefined));
  });
}

/**
 * A probe that is ready when host:port answers with an SSH banner. Each check opens a new
 * connection and waits at most `checkEveryMs` for it, while earlier connections stay open up to
 * `attemptTimeoutMs`: a connection forwarded before the guest's sshd listened can stay silent for
 * seconds, so neither the first banner of an old connection nor the moment sshd starts is missed.
 */
export function sshBannerProbe(
  host: string,
  port: number,
  attemptTimeoutMs = 5000,
  checkEveryMs = Math.min(200, attemptTimeoutMs),
): Probe {
  let banner: string | undefined;
  return {
    describe: `SSH banner on ${host}:${port}`,
    async check() {
      const attempt = readSshBanner(host, port, attemptTimeoutMs).then((seen) => {
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
