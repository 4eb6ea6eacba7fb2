import { deepStrictEqual } from "node:assert/strict";
import { createServer, type Server, type Socket } from "node:net";
import {
  HeldConnections,
  readSshBanner,
  readSshBannerWithin,
  sshBannerProbe,
} from "../../../src/health/ssh-banner.js";
import { waitUntilReady } from "../../../src/health/wait-until-ready.js";

/** A TCP server on 127.0.0.1 (a free port) that treats each connection with `onConnection`. */
async function serve(
  onConnection: (socket: Socket) => void,
): Promise<{ server: Server; port: number }> {
  const server = createServer(onConnection);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no TCP address");
  return { server, port: address.port };
}

describe("SSH banner probe (real TCP servers on 127.0.0.1)", () => {
  const servers: Server[] = [];
  const sockets: Socket[] = [];
  async function start(onConnection: (socket: Socket) => void): Promise<number> {
    const { server, port } = await serve((s) => {
      sockets.push(s);
      onConnection(s);
    });
    servers.push(server);
    return port;
  }
  /** A server that closes its first `turnedAway` connections at once (as a busy dropbear), then answers. */
  async function startTurningAway(
    turnedAway: number,
  ): Promise<{ port: number; connections(): number }> {
    let connections = 0;
    const port = await start((s) => {
      connections += 1;
      if (connections <= turnedAway) s.destroy();
      else s.write("SSH-2.0-dropbear\r\n");
    });
    return { port, connections: () => connections };
  }
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.destroy();
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  });

  it("a server that accepts and says nothing is not ready (as QEMU's hostfwd before sshd)", async () => {
    const port = await start(() => {});
    const t0 = Date.now();
    deepStrictEqual(await readSshBanner("127.0.0.1", port, 500), undefined);
    deepStrictEqual(Date.now() - t0 >= 450, true);
  });

  it("a server that closes at once is not ready", async () => {
    const port = await start((s) => s.end());
    deepStrictEqual(await readSshBanner("127.0.0.1", port, 2000), undefined);
  });

  it("a refused connection is not ready", async () => {
    const port = await start(() => {});
    await new Promise((r) => servers.pop()?.close(r));
    deepStrictEqual(await readSshBanner("127.0.0.1", port, 2000), undefined);
  });

  it("a server that sends SSH-2.0-dropbear after 300 ms is ready, with the banner read", async () => {
    const port = await start((s) => setTimeout(() => s.write("SSH-2.0-dropbear\r\n"), 300));
    deepStrictEqual(await readSshBanner("127.0.0.1", port, 3000), "SSH-2.0-dropbear");
  });

  it("skips lines a server sends before its identification, in pieces", async () => {
    const port = await start((s) => {
      s.write("hello\r\nSSH-2.0-Open");
      setTimeout(() => s.write("SSH_9.2\r\n"), 50);
    });
    deepStrictEqual(await readSshBanner("127.0.0.1", port, 3000), "SSH-2.0-OpenSSH_9.2");
  });

  it("asks again while the server turns connections away, within the budget", async () => {
    const { port, connections } = await startTurningAway(2);
    deepStrictEqual(await readSshBannerWithin("127.0.0.1", port, 800), "SSH-2.0-dropbear");
    deepStrictEqual(connections(), 3);
  });

  it("a one-check probe that may ask again is ready though the server turned a connection away", async () => {
    // As dropbear right after a boot: the first two connections are closed at once, then it answers.
    const { port, connections } = await startTurningAway(2);
    const once = await sshBannerProbe("127.0.0.1", port, 800, 800).check();
    deepStrictEqual(once.ready, false);
    deepStrictEqual(connections(), 1);
    const again = await sshBannerProbe("127.0.0.1", port, 800, 800, true).check();
    deepStrictEqual(again, { ready: true, detail: "SSH-2.0-dropbear" });
    deepStrictEqual(connections(), 3);
  });

  it("gives up on a server that keeps turning connections away once the budget is spent", async () => {
    const { port, connections } = await startTurningAway(Infinity);
    const t0 = Date.now();
    deepStrictEqual(await readSshBannerWithin("127.0.0.1", port, 500), undefined);
    deepStrictEqual(Date.now() - t0 < 900, true);
    const count = connections();
    deepStrictEqual(count >= 3 && count <= 6, true, `${count} connections`);
  });

  it("waits on a silent connection instead of opening more", async () => {
    let connections = 0;
    const port = await start(() => (connections += 1));
    deepStrictEqual(await readSshBannerWithin("127.0.0.1", port, 400), undefined);
    deepStrictEqual(connections, 1);
  });

  it("held connections stay open after their banner until release(), then close", async () => {
    const closedAt: number[] = [];
    const port = await start((s) => {
      s.write("SSH-2.0-dropbear\r\nkexinit that nobody reads");
      s.on("close", () => closedAt.push(Date.now()));
    });
    const held = new HeldConnections();
    const banners = await Promise.all(
      [1, 2, 3].map(() => readSshBanner("127.0.0.1", port, 2000, held)),
    );
    deepStrictEqual(banners, ["SSH-2.0-dropbear", "SSH-2.0-dropbear", "SSH-2.0-dropbear"]);
    await new Promise((r) => setTimeout(r, 200));
    deepStrictEqual(closedAt, [], "no connection closed before release()");
    const releasedAt = Date.now();
    held.release();
    await new Promise((r) => setTimeout(r, 200));
    deepStrictEqual(closedAt.length, 3);
    deepStrictEqual(
      closedAt.every((t) => t >= releasedAt),
      true,
    );
  });

  it("a held read that gets no banner closes its connection at once", async () => {
    let closed = false;
    const port = await start((s) => {
      s.write("not ssh at all\r\n".repeat(1000));
      s.on("close", () => (closed = true));
    });
    deepStrictEqual(await readSshBanner("127.0.0.1", port, 2000, new HeldConnections()), undefined);
    await new Promise((r) => setTimeout(r, 200));
    deepStrictEqual(closed, true);
  });

  it("waitUntilReady keeps polling a silent port until the guest's sshd answers", async () => {
    let answering = false;
    const port = await start((s) => {
      if (answering) s.write("SSH-2.0-dropbear_2022.83\r\n");
    });
    setTimeout(() => (answering = true), 700);
    const r = await waitUntilReady({
      probe: sshBannerProbe("127.0.0.1", port, 250),
      timeoutMs: 10_000,
    });
    deepStrictEqual(r.ready, true);
    deepStrictEqual(r.ready && r.detail, "SSH-2.0-dropbear_2022.83");
  });

  it("waitUntilReady fails with the timeout when nothing ever answers", async () => {
    const port = await start(() => {});
    const r = await waitUntilReady({
      probe: sshBannerProbe("127.0.0.1", port, 200),
      timeoutMs: 800,
    });
    deepStrictEqual(r.ready, false);
    deepStrictEqual(!r.ready && /0\.8 s timeout/.test(r.reason), true);
  });
});
