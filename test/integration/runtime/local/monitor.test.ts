import { strict as assert } from "node:assert";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sendMonitorCommand } from "../../../../src/runtime/local/monitor.js";

describe("local runtime: QEMU monitor", () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), "rpi-monitor-"))));
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it("delivers one command line to the monitor socket", async () => {
    const path = join(dir, "monitor.sock");
    let received = "";
    const server = createServer((socket) => {
      socket.write("QEMU 7.2.22 monitor - type 'help' for more information\n(qemu) ");
      socket.on("data", (chunk) => (received += chunk.toString()));
      socket.on("end", () => socket.end());
    });
    await new Promise<void>((resolve) => server.listen(path, resolve));
    try {
      assert.equal(await sendMonitorCommand(path, "system_powerdown"), true);
      assert.equal(received, "system_powerdown\n");
    } finally {
      server.close();
    }
  });

  it("reports false when nothing listens on the socket", async () => {
    assert.equal(await sendMonitorCommand(join(dir, "absent.sock"), "system_powerdown"), false);
  });
});
