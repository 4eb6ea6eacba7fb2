import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readdir, readlink } from "node:fs/promises";
import { join } from "node:path";
import Docker from "dockerode";
import { rpi, rpiOk, tempProject } from "../support/rpi-cli.js";
import { testImage } from "../support/test-image.js";
import { schedulingPolicy } from "./e2e-helpers.js";

async function sha256(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

describe("e2e: one virt machine from rpi.yml through `rpi up` in Docker", function () {
  this.timeout(600_000);
  const docker = new Docker();
  let project: { dir: string; name: string };
  let image: string;
  let imageSha: string;

  before(async () => {
    image = await testImage();
    imageSha = await sha256(image);
    project = await tempProject(
      (name) => `name: ${name}
machines:
  pi:
    image: ${image}
    board: virt
    memory: 512
    restrict: true
    healthcheck: { timeout: 3m }
`,
    );
  });

  after(async () => {
    await rpi(project.dir, ["down", "--volumes"]);
  });

  it("boots the guest and reports it ready only when its SSH server answers", async () => {
    const up = await rpiOk(project.dir, ["up"]);
    assert.match(up.stdout, /health-check: ready after [\d.]+ s \(SSH-2\.0-dropbear/);
    assert.match(up.stdout, /1 of 1 machine done/);
  });

  it("runs a command in the guest with `rpi ssh`", async () => {
    const result = await rpiOk(project.dir, ["ssh", "pi", "--", "uname -m; hostname; id -un"]);
    assert.deepEqual(result.stdout.trim().split("\n"), ["aarch64", "pi", "pi"]);
  });

  it("tells the truth in `rpi status --json`", async () => {
    const status = JSON.parse((await rpiOk(project.dir, ["status", "--json"])).stdout);
    assert.equal(status.project, project.name);
    assert.equal(status.runtime, "docker");
    assert.equal(status.machines.length, 1);
    const [machine] = status.machines;
    assert.equal(machine.machine, "pi");
    assert.equal(machine.state, "ready");
    assert.equal(machine.board, "virt");
    assert.equal(machine.ssh.host, "127.0.0.1");
    assert.ok(machine.ssh.port > 0);
  });

  it("runs the container unprivileged, labelled, with SSH published on 127.0.0.1 only", async () => {
    const info = await docker.getContainer(`${project.name}-pi`).inspect();
    assert.equal(info.HostConfig.Privileged, false);
    assert.deepEqual(info.HostConfig.CapAdd ?? [], []);
    assert.equal(info.Config.Labels["io.rpi.project"], project.name);
    assert.equal(info.Config.Labels["io.rpi.machine"], "pi");
    const bindings = Object.values(info.HostConfig.PortBindings ?? {}).flat() as {
      HostIp: string;
    }[];
    assert.ok(bindings.length > 0);
    for (const binding of bindings) assert.equal(binding.HostIp, "127.0.0.1");
  });

  /** The host pid of the container's process whose command line starts with `command`. */
  async function pidInContainer(command: string): Promise<number> {
    const top = await docker.getContainer(`${project.name}-pi`).top({ ps_args: "-eo pid,args" });
    const row = top.Processes.find((each: string[]) => each[1].startsWith(command));
    assert.ok(row, `no ${command} among ${JSON.stringify(top.Processes)}`);
    return Number(row[0]);
  }

  it("runs QEMU in the container under SCHED_BATCH", async () => {
    assert.equal(schedulingPolicy(await pidInContainer("qemu-system-aarch64 ")), "batch");
  });

  it("hands the guest console to Docker through the entrypoint's line relay, not byte by byte", async () => {
    const qemu = await pidInContainer("qemu-system-aarch64 ");
    const relay = await pidInContainer("perl -pe");
    // QEMU's stdout is the relay's FIFO; the relay's is the container's (Docker's) stdout.
    assert.equal(await readlink(`/proc/${qemu}/fd/1`), "/run/rpi/console.fifo");
    assert.match(await readlink(`/proc/${relay}/fd/0`), /console\.fifo/);
    assert.match(await readlink(`/proc/${relay}/fd/1`), /^pipe:/);
  });

  it("does nothing on a second `rpi up` and says so", async () => {
    const again = await rpiOk(project.dir, ["up"]);
    assert.match(again.stdout, /nothing to do, 1 machine ready/);
  });

  it("shows the guest's console with `rpi logs --tail`", async () => {
    const logs = await rpiOk(project.dir, ["logs", "--tail", "40", "pi"]);
    assert.match(logs.stdout, /rpi-testimage: ready/);
    assert.ok(logs.stdout.trimEnd().split("\n").length <= 40, logs.stdout);
  });

  it("powers the guest off on `rpi down --volumes` and leaves nothing behind", async () => {
    // `rpi logs -f` follows the console through the shutdown and ends with the machine.
    const following = rpi(project.dir, ["logs", "-f", "--tail", "0", "pi"]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const down = await rpiOk(project.dir, ["down", "--volumes"]);
    assert.match(down.stdout, /pi: removed \(guest shut down\)/);
    const followed = await following;
    assert.equal(followed.exitCode, 0, followed.stderr);
    assert.doesNotMatch(followed.stdout, /rpi-testimage: ready/, "--tail 0 starts at the end");
    assert.match(followed.stdout, /rpi-testimage: shutting down/, followed.stdout);
    const containers = await docker.listContainers({
      all: true,
      filters: { label: [`io.rpi.project=${project.name}`] },
    });
    assert.equal(containers.length, 0);
    const networks = await docker.listNetworks({
      filters: { label: [`io.rpi.project=${project.name}`] },
    });
    assert.equal(networks.length, 0);
    assert.deepEqual(
      await readdir(join(project.dir, ".rpi", "machines", "pi")).catch(() => []),
      [],
    );
    const status = JSON.parse((await rpiOk(project.dir, ["status", "--json"])).stdout);
    assert.equal(status.machines[0].state, "missing");
  });

  it("never writes the user's image", async () => {
    assert.equal(await sha256(image), imageSha);
  });
});
