import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import Docker from "dockerode";
import { execa } from "execa";
import { rpi, rpiOk, tempProject } from "../support/rpi-cli.js";
import { testImage } from "../support/test-image.js";

const MACHINES = ["gateway", "sensor1", "sensor2"] as const;

async function sha256(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

function fleetYaml(name: string, image: string, sensor2Memory: number): string {
  return `name: ${name}
internal: true
defaults:
  image: ${image}
  board: virt
  memory: 256
  healthcheck: { timeout: 4m }
machines:
  # One SD-card board (kernel, dtb and initramfs from the image's boot partition, usb-net).
  gateway: { board: raspi3b, memory: 1024 }
  sensor1: {}
  sensor2:
    memory: ${sensor2Memory}
`;
}

interface StatusJson {
  project: string;
  runtime: string;
  machines: {
    machine: string;
    state: string;
    board?: string;
    exitCode?: number;
    ssh?: { host: string; port: number; user: string };
    inFile: boolean;
  }[];
}

describe("e2e: a three-machine fleet (raspi3b + two virt) on an internal network", function () {
  this.timeout(900_000);
  const docker = new Docker();
  let project: { dir: string; name: string };
  let image: string;
  let imageSha: string;
  /** Container id and StartedAt of each machine, as last seen. */
  let seen: Map<string, { id: string; startedAt: string }>;

  const status = async (): Promise<StatusJson> =>
    JSON.parse((await rpiOk(project.dir, ["status", "--json"])).stdout) as StatusJson;

  const containers = async (): Promise<Map<string, { id: string; startedAt: string }>> => {
    const result = new Map<string, { id: string; startedAt: string }>();
    for (const name of MACHINES) {
      const info = await docker.getContainer(`${project.name}-${name}`).inspect();
      result.set(name, { id: info.Id, startedAt: info.State.StartedAt });
    }
    return result;
  };

  before(async () => {
    project = await tempProject((name) => fleetYaml(name, "pi.img", 256));
    // A copy in the project (as a user keeps it): a rebuild of the test image elsewhere can't pull it away.
    image = join(project.dir, "pi.img");
    await execa("cp", ["--sparse=always", await testImage(), image]);
    imageSha = await sha256(image);
  });

  after(async () => {
    await rpi(project.dir, ["down", "--volumes"]);
    await rm(project.dir, { recursive: true, force: true });
  });

  it("brings all three machines up and waits until each answers SSH", async () => {
    const up = await rpiOk(project.dir, ["up"]);
    for (const name of MACHINES) {
      assert.match(up.stdout, new RegExp(`${name}: create \\(not created yet\\)`));
    }
    assert.equal(up.stdout.match(/health-check: ready after/g)?.length, 3, up.stdout);
    assert.match(up.stdout, /3 of 3 machines done$/m);
    seen = await containers();
  });

  it("runs a command on each machine with `rpi ssh`", async () => {
    for (const name of MACHINES) {
      const result = await rpiOk(project.dir, ["ssh", name, "--", "hostname; id -un"]);
      assert.deepEqual(result.stdout.trim().split("\n"), [name, "pi"]);
    }
  });

  it("lets one guest reach another's SSH server by machine name", async () => {
    // The guest's name lookup goes through slirp to Docker's DNS; the connection to the other container.
    const result = await rpiOk(project.dir, [
      "ssh",
      "gateway",
      "--",
      "echo | nc -w 5 sensor1 22 | head -c 8",
    ]);
    assert.equal(result.stdout, "SSH-2.0-");
  });

  it("reports every machine ready in `rpi status --json`, with its board and SSH endpoint", async () => {
    const json = await status();
    assert.equal(json.project, project.name);
    assert.equal(json.runtime, "docker");
    assert.deepEqual(
      json.machines.map((m) => m.machine),
      [...MACHINES],
    );
    for (const machine of json.machines) {
      const info = await docker.getContainer(`${project.name}-${machine.machine}`).inspect();
      const address = Object.values(info.NetworkSettings.Networks)[0]?.IPAddress;
      assert.equal(machine.state, "ready");
      assert.equal(machine.board, machine.machine === "gateway" ? "raspi3b" : "virt");
      assert.equal(machine.inFile, true);
      // An internal network publishes nothing: the host reaches the guest at the container's address.
      assert.deepEqual(machine.ssh, { host: address, port: 22, user: "pi" });
    }
  });

  it("does nothing on a second `rpi up` and says so", async () => {
    const again = await rpiOk(project.dir, ["up"]);
    assert.match(again.stdout, /nothing to do, 3 machines ready/);
    assert.deepEqual(await containers(), seen);
  });

  it("recreates only the machine whose memory changed", async () => {
    const file = join(project.dir, "rpi.yml");
    await writeFile(file, fleetYaml(project.name, "pi.img", 512));
    assert.match(await readFile(file, "utf8"), /memory: 512/);
    const up = await rpiOk(project.dir, ["up"]);
    assert.match(up.stdout, /sensor2: recreate \(config changed: memory\)/);
    assert.match(up.stdout, /gateway: keep \(running, unchanged, ready\)/);
    assert.match(up.stdout, /sensor1: keep \(running, unchanged, ready\)/);
    assert.match(up.stdout, /1 of 1 machine done, 2 unchanged/);
    const now = await containers();
    assert.deepEqual(now.get("gateway"), seen.get("gateway"));
    assert.deepEqual(now.get("sensor1"), seen.get("sensor1"));
    assert.notEqual(now.get("sensor2")?.id, seen.get("sensor2")?.id);
    const memory = await rpiOk(project.dir, [
      "ssh",
      "sensor2",
      "--",
      "grep MemTotal /proc/meminfo",
    ]);
    const kib = Number(/(\d+) kB/.exec(memory.stdout)?.[1]);
    assert.ok(kib > 400 * 1024 && kib <= 512 * 1024, memory.stdout);
    seen = now;
  });

  it("says a killed machine exited, and heals only it on the next `rpi up`", async () => {
    await docker.getContainer(`${project.name}-sensor1`).kill();
    const killed = (await status()).machines.find((m) => m.machine === "sensor1");
    assert.equal(killed?.state, "exited");
    assert.equal(killed?.exitCode, 137);
    const table = await rpiOk(project.dir, ["status"]);
    assert.match(table.stdout, /sensor1\s+exited \(137\)/);

    const up = await rpiOk(project.dir, ["up"]);
    assert.match(up.stdout, /sensor1: start \(exited with code 137\)/);
    assert.match(up.stdout, /gateway: keep \(running, unchanged, ready\)/);
    assert.match(up.stdout, /sensor2: keep \(running, unchanged, ready\)/);
    assert.match(up.stdout, /1 of 1 machine done, 2 unchanged/);
    const now = await containers();
    assert.deepEqual(now.get("gateway"), seen.get("gateway"));
    assert.deepEqual(now.get("sensor2"), seen.get("sensor2"));
    assert.equal(now.get("sensor1")?.id, seen.get("sensor1")?.id);
    assert.notEqual(now.get("sensor1")?.startedAt, seen.get("sensor1")?.startedAt);
    assert.deepEqual(
      (await status()).machines.map((m) => m.state),
      ["ready", "ready", "ready"],
    );
  });

  it("leaves no container, network or overlay behind after `rpi down --volumes`", async () => {
    const down = await rpiOk(project.dir, ["down", "--volumes"]);
    for (const name of MACHINES) {
      assert.match(down.stdout, new RegExp(`${name}: removed \\(guest shut down\\)`));
    }
    const left = await docker.listContainers({
      all: true,
      filters: { label: [`io.rpi.project=${project.name}`] },
    });
    assert.deepEqual(left, []);
    const networks = (await docker.listNetworks()).filter((n) => n.Name.startsWith(project.name));
    assert.deepEqual(networks, []);
    const machinesDir = join(project.dir, ".rpi", "machines");
    for (const name of await readdir(machinesDir).catch(() => [] as string[])) {
      assert.deepEqual(await readdir(join(machinesDir, name)), [], `overlay of ${name} left`);
    }
    assert.deepEqual(
      (await status()).machines.map((m) => m.state),
      ["missing", "missing", "missing"],
    );
  });

  it("never writes the user's image", async () => {
    assert.equal(await sha256(image), imageSha);
  });
});
