import { strict as assert } from "node:assert";
import { existsSync, readFileSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { rpi, rpiOk, tempProject } from "../support/rpi-cli.js";
import { testImage } from "../support/test-image.js";
import { readGreeting, schedulingPolicy, statusJson } from "./e2e-helpers.js";

/** True while a process with this pid runs; a zombie (ended, not yet reaped by its parent) does not. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

describe("e2e: `rpi --runtime local` runs a virt machine as a QEMU process on the host", function () {
  this.timeout(600_000);
  let project: { dir: string; name: string };
  const local = ["--runtime", "local"];

  before(async () => {
    const image = await testImage();
    project = await tempProject(
      (name) => `name: ${name}
machines:
  pi:
    image: ${image}
    board: virt
    memory: 512
    restrict: true
    display: vnc
    healthcheck: { timeout: 3m }
`,
    );
  });

  after(async () => {
    await rpi(project.dir, [...local, "down", "--volumes"]);
  });

  it("boots the guest and reports it ready on the SSH banner", async () => {
    const up = await rpiOk(project.dir, [...local, "up"]);
    assert.match(up.stdout, /QEMU [\d.]+/);
    assert.match(up.stdout, /health-check: ready after [\d.]+ s \(SSH-2\.0-dropbear/);
    assert.ok(existsSync(join(project.dir, ".rpi", "machines", "pi", "console.log")));
  });

  it("says runtime local and ready in `status --json`, with SSH on 127.0.0.1", async () => {
    const status = await statusJson(project.dir, local);
    assert.equal(status.runtime, "local");
    const [machine] = status.machines;
    assert.equal(machine.state, "ready");
    assert.equal(machine.ssh?.host, "127.0.0.1");
    assert.ok((machine.ssh?.port ?? 0) > 0);
  });

  it("serves the guest's SSH banner on 127.0.0.1 through the forwarded host port", async () => {
    const { ssh } = (await statusJson(project.dir, local)).machines[0];
    assert.ok(ssh);
    assert.match(await readGreeting(ssh.host, ssh.port), /^SSH-2\.0-dropbear/);
  });

  it("serves `display: vnc` on 127.0.0.1 only, on the port status names (→ 5900)", async () => {
    const { ports } = (await statusJson(project.dir, local)).machines[0];
    const vnc = ports.find((port) => port.guestPort === 5900);
    assert.ok(vnc, JSON.stringify(ports));
    assert.equal(vnc.hostIp, "127.0.0.1");
    assert.match(await readGreeting("127.0.0.1", vnc.hostPort), /^RFB 003\.008/);
    // QEMU was told the address: nothing else on the host reaches the guest's screen.
    const state = JSON.parse(
      await readFile(join(project.dir, ".rpi", "machines", "pi", "state.json"), "utf8"),
    ) as { command: string[] };
    const display = vnc.hostPort - 5900;
    assert.equal(state.command[state.command.indexOf("-vnc") + 1], `127.0.0.1:${display}`);
  });

  it("runs QEMU under SCHED_BATCH, as the emulator image does", async () => {
    const state = JSON.parse(
      await readFile(join(project.dir, ".rpi", "machines", "pi", "state.json"), "utf8"),
    ) as { pid: number };
    assert.match(readFileSync(`/proc/${state.pid}/cmdline`, "utf8"), /^qemu-system-aarch64\0/);
    assert.equal(schedulingPolicy(state.pid), "batch");
  });

  it("runs a command in the guest with `rpi --runtime local ssh`", async () => {
    const result = await rpiOk(project.dir, [...local, "ssh", "pi", "--", "uname -m"]);
    assert.equal(result.stdout.trim(), "aarch64");
  });

  it("leaves no QEMU process and no state after `down --volumes`", async () => {
    const dir = join(project.dir, ".rpi", "machines", "pi");
    const state = JSON.parse(await readFile(join(dir, "state.json"), "utf8")) as {
      pid: number;
      wrapperPid: number;
    };
    assert.ok(alive(state.pid), `QEMU (pid ${state.pid}) should run before down`);
    const down = await rpiOk(project.dir, [...local, "down", "--volumes"]);
    assert.match(down.stdout, /pi: removed/);
    assert.equal(alive(state.pid), false, `QEMU (pid ${state.pid}) still runs`);
    assert.equal(
      alive(state.wrapperPid),
      false,
      `its wrapper (pid ${state.wrapperPid}) still runs`,
    );
    assert.deepEqual(await readdir(dir).catch(() => []), []);
    const status = await statusJson(project.dir, local);
    assert.equal(status.machines[0].state, "missing");
  });
});
