import { connect, type Socket } from "node:net";

/**
 * Resolves when an SSH banner (`SSH-`) is read from host:port, as early as it can be: a new
 * connection every `everyMs` (each kept up to `attemptMs`), so a connection stuck in a guest that
 * does not listen yet never delays the first one that would succeed. Rejects after `timeoutMs`.
 */
export function firstBanner(
  host: string,
  port: number,
  timeoutMs: number,
  everyMs = 100,
  attemptMs = 3000,
  signal?: AbortSignal,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const sockets = new Set<Socket>();
    let done = false;
    const finish = (error: Error | undefined, banner?: string) => {
      if (done) return;
      done = true;
      clearInterval(ticker);
      clearTimeout(deadline);
      for (const socket of sockets) socket.destroy();
      if (error) reject(error);
      else resolve(banner ?? "");
    };
    const attempt = () => {
      const socket = connect({ host, port });
      sockets.add(socket);
      let received = "";
      socket.setTimeout(attemptMs, () => socket.destroy());
      socket.on("data", (chunk) => {
        received += chunk.toString("latin1");
        if (received.startsWith("SSH-") && received.includes("\n")) {
          finish(undefined, received.split("\r\n")[0].split("\n")[0]);
        }
      });
      socket.on("error", () => undefined);
      socket.on("close", () => sockets.delete(socket));
    };
    const ticker = setInterval(attempt, everyMs);
    const deadline = setTimeout(
      () => finish(new Error(`no SSH banner on ${host}:${port} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    signal?.addEventListener("abort", () => finish(new Error("aborted")));
    attempt();
  });
}
