import { deepStrictEqual } from "node:assert/strict";
import { createServer, type Server, type Socket } from "node:net";
import { readSshBanner, sshBannerProbe } from "../../../src/health/ssh-banner.js";
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

  it("holds at most 3 connections at once (dropbear turns a 6th unauthenticated one away) and closes them on the first banner", async () => {
    let open = 0;
    let most = 0;
    let answering = false;
    const port = await start((s) => {
      open++;
      most = Math.max(most, open);
      s.on("close", () => open--);
      if (answering) s.write("SSH-2.0-dropbear\r\n");
    });
    setTimeout(() => (answering = true), 1500);
    const r = await waitUntilReady({
      probe: sshBannerProbe("127.0.0.1", port, 5000, 100),
      timeoutMs: 10_000,
      initialDelayMs: 100,
      maxDelayMs: 100,
    });
    deepStrictEqual(r.ready, true);
    // 3 at once, and the server may see one more for a moment: a closed connection counts until
    // its close reaches the server (dropbear's child exits), which can come after the next accept.
    deepStrictEqual(most <= 4, true, `the server saw ${most} of the probe's connections at once`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    deepStrictEqual(open, 0, "connections left open after the banner was read");
  });

  it("still sees a banner that a slow server sends seconds after accepting", async () => {
    const port = await start((s) => setTimeout(() => s.write("SSH-2.0-slow\r\n"), 1500));
    const r = await waitUntilReady({
      probe: sshBannerProbe("127.0.0.1", port, 5000, 100),
      timeoutMs: 10_000,
      initialDelayMs: 100,
      maxDelayMs: 100,
    });
    deepStrictEqual(r.ready && r.detail, "SSH-2.0-slow");
  });

  it("asks again at every check once connections are turned away at once (network up, sshd not yet)", async () => {
    let answering = false;
    let connections = 0;
    const port = await start((s) => {
      connections++;
      if (answering) s.write("SSH-2.0-dropbear\r\n");
      else s.destroy();
    });
    const answerAt = performance.now() + 1000;
    setTimeout(() => (answering = true), 1000);
    const r = await waitUntilReady({
      probe: sshBannerProbe("127.0.0.1", port, 5000, 100),
      timeoutMs: 10_000,
      initialDelayMs: 100,
      maxDelayMs: 100,
    });
    const lag = performance.now() - answerAt;
    deepStrictEqual(r.ready, true);
    deepStrictEqual(lag < 250, true, `ready ${Math.round(lag)} ms after the server answered`);
    deepStrictEqual(connections >= 8, true, `only ${connections} connections in 1 s`);
  });

  it("asks only every fifth check while connections stay silent (a guest without network yet)", async () => {
    let connections = 0;
    const port = await start(() => connections++);
    const r = await waitUntilReady({
      probe: sshBannerProbe("127.0.0.1", port, 5000, 100),
      timeoutMs: 2000,
      initialDelayMs: 100,
      maxDelayMs: 100,
    });
    deepStrictEqual(r.ready, false);
    // The patient connection, then one every 500 ms: 5 in 2 s (10 ms of slack either way: 4–6).
    deepStrictEqual(
      connections >= 4 && connections <= 6,
      true,
      `${connections} connections in 2 s`,
    );
  });

  it("with confirm, is ready only once a fresh connection is answered too (a new sshd turns some away)", async () => {
    let connections = 0;
    const port = await start((s) => {
      connections++;
      // The first answers; the next two are turned away, as a guest's sshd does for a moment.
      if (connections === 1 || connections > 3) s.write("SSH-2.0-dropbear\r\n");
      else s.destroy();
    });
    const r = await waitUntilReady({
      probe: sshBannerProbe("127.0.0.1", port, 5000, 100, true),
      timeoutMs: 5000,
      initialDelayMs: 100,
      maxDelayMs: 100,
    });
    deepStrictEqual(r.ready, true);
    deepStrictEqual(connections, 4);
  });
});
