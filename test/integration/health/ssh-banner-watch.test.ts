import { deepStrictEqual, ok } from "node:assert/strict";
import { createServer, type Server, type Socket } from "node:net";
import { sshBannerWatch, type SshBannerWatch } from "../../../src/health/ssh-banner-watch.js";
import { waitUntilReady } from "../../../src/health/wait-until-ready.js";

/**
 * up's banner watch against real TCP servers on 127.0.0.1 that behave like QEMU's forwarded port:
 * silent while the guest has no network, closing at once while nothing listens, then a banner.
 */
describe("SSH banner watch (real TCP servers on 127.0.0.1)", function () {
  this.timeout(10_000);
  const servers: Server[] = [];
  const sockets: Socket[] = [];
  const watches: SshBannerWatch[] = [];
  let connections = 0;

  async function start(onConnection: (socket: Socket) => void): Promise<number> {
    connections = 0;
    const server = createServer((socket) => {
      connections++;
      sockets.push(socket);
      onConnection(socket);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    servers.push(server);
    const address = server.address();
    if (address === null || typeof address === "string") throw new Error("no TCP address");
    return address.port;
  }
  function watch(port: number, checkWindowMs = 300): SshBannerWatch {
    const created = sshBannerWatch("127.0.0.1", port, { attemptTimeoutMs: 5000, checkWindowMs });
    watches.push(created);
    return created;
  }
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  afterEach(async () => {
    for (const w of watches.splice(0)) w.close();
    for (const s of sockets.splice(0)) s.destroy();
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  });

  it("catches sshd within ~100 ms of it listening once the guest refuses connections", async () => {
    let listeningAt = Infinity;
    const port = await start((s) => {
      if (Date.now() >= listeningAt) s.write("SSH-2.0-dropbear_2022.83\r\n");
      else s.destroy(); // the guest's network is up, nothing listens on 22 yet
    });
    const w = watch(port);
    setTimeout(() => (listeningAt = Date.now()), 600);
    const result = await waitUntilReady({
      probe: w,
      timeoutMs: 5000,
      initialDelayMs: 0,
      maxDelayMs: 0,
    });
    deepStrictEqual(result.ready && result.detail, "SSH-2.0-dropbear_2022.83");
    ok(Date.now() - listeningAt < 150, `${Date.now() - listeningAt} ms after sshd listened`);
  });

  it("opens two connections a second into a silent guest, and closes them all at close()", async () => {
    const port = await start(() => {}); // QEMU's forward into a guest without network: silent
    const w = watch(port);
    await w.check();
    await sleep(1600);
    ok(connections >= 3 && connections <= 5, `${connections} connections in ~1.9 s`);
    w.close();
    await sleep(100);
    deepStrictEqual(
      sockets.filter((s) => !s.destroyed && s.readyState === "open").length,
      0,
      "the watch's connections are closed",
    );
  });

  it("opens the next connection when user space prints and goes quiet", async () => {
    const port = await start(() => {});
    const w = watch(port);
    await w.check();
    await sleep(150);
    const before = connections;
    w.consoleOutput();
    await sleep(100);
    deepStrictEqual(connections, before + 1);
  });

  it("reads the banner of a connection that stayed silent until the guest's sshd took it", async () => {
    const port = await start((s) => setTimeout(() => s.write("SSH-2.0-OpenSSH_9.2\r\n"), 700));
    const w = watch(port, 2000);
    const outcome = await w.check();
    deepStrictEqual(outcome, { ready: true, detail: "SSH-2.0-OpenSSH_9.2" });
  });

  it("reports not ready, with what it saw, while nothing answers", async () => {
    const port = await start((s) => s.destroy());
    const outcome = await watch(port, 200).check();
    deepStrictEqual(outcome.ready, false);
    ok(/closed the connection without an SSH banner/.test(outcome.detail), outcome.detail);
  });
});
