import { strict as assert } from "node:assert";
import { readdir, rm, utimes } from "node:fs/promises";
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import Docker from "dockerode";
import { rpi, rpiOk } from "../support/rpi-cli.js";
import { oneVirtProject } from "./e2e-helpers.js";

async function sha256(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** A TCP port that nothing listens on now, on the given loopback address. */
async function freePort(host: string): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen({ host, port: 0 }, resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("reliability: the user's image and the container's privileges", function () {
  this.timeout(900_000);
  const docker = new Docker();
  let project: { dir: string; name: string };
  let image: string;
  let imageSha: string;
  let http: number;
  let named: number;

  before(async () => {
    http = await freePort("127.0.0.1");
    named = await freePort("127.0.0.2");
    // Not internal, so Docker publishes; restrict keeps the guest off every route but the forwards.
    project = await oneVirtProject([`ports: ["${http}:80", "127.0.0.2:${named}:81"]`]);
    image = join(project.dir, "pi.img");
    imageSha = await sha256(image);
  });

  after(async () => {
    await rpi(project.dir, ["down", "--volumes"]);
    await rm(project.dir, { recursive: true, force: true });
  });

  it("keeps the user's image byte-identical (sha256) across up / down / up / down --volumes", async () => {
    const steps = [["up"], ["down"], ["up"], ["down", "--volumes"]];
    for (const step of steps) {
      await rpiOk(project.dir, step);
      assert.equal(await sha256(image), imageSha, `the image changed after rpi ${step.join(" ")}`);
    }
  });

  it("runs a user-mode machine unprivileged: no privileged flag, no capabilities, no devices", async () => {
    await rpiOk(project.dir, ["up"]);
    const info = await docker.getContainer(`${project.name}-pi`).inspect();
    assert.equal(info.HostConfig.Privileged, false);
    assert.deepEqual(info.HostConfig.CapAdd ?? [], []);
    assert.deepEqual(info.HostConfig.Devices ?? [], []);
    assert.equal(
      info.Config.Env.find((e) => e.startsWith("RPI_NETWORK=")),
      "RPI_NETWORK=user",
    );
  });

  it("publishes every port on 127.0.0.1, except the one whose entry names an address", async () => {
    const info = await docker.getContainer(`${project.name}-pi`).inspect();
    const published = Object.entries(info.NetworkSettings.Ports ?? {}).flatMap(([key, bindings]) =>
      (bindings ?? []).map((b) => `${key} ${b.HostIp}:${b.HostPort}`),
    );
    const ssh = published.find((line) => line.startsWith("22/tcp "));
    assert.match(ssh ?? "", /^22\/tcp 127\.0\.0\.1:\d+$/);
    assert.deepEqual(
      published.sort(),
      [ssh, `80/tcp 127.0.0.1:${http}`, `81/tcp 127.0.0.2:${named}`].sort(),
    );
    for (const line of published) {
      assert.doesNotMatch(line, / (0\.0\.0\.0|::|):/, `published beyond loopback: ${line}`);
    }
  });

  it("recreates the machine when its image was rebuilt (a new mtime), and drops the old prepared base", async () => {
    const bases = join(project.dir, ".rpi", "cache", "bases");
    const before = (await readdir(bases)).filter((entry) => entry.endsWith(".img"));
    assert.equal(before.length, 1, before.join(", "));
    const later = new Date(Date.now() + 60_000);
    await utimes(image, later, later);
    const up = await rpiOk(project.dir, ["up"]);
    assert.match(up.stdout, /pi: recreate \(image changed\)/);
    assert.match(up.stdout, /removed 1 prepared base no machine uses any more/);
    const after = (await readdir(bases)).filter((entry) => entry.endsWith(".img"));
    assert.equal(after.length, 1, after.join(", "));
    assert.notEqual(after[0], before[0]);
    const again = await rpiOk(project.dir, ["up"]);
    assert.match(again.stdout, /nothing to do, 1 machine ready/);
    assert.equal(await sha256(image), imageSha);
  });

  it("answers SSH through the published port, and leaves the image untouched after down --volumes", async () => {
    const result = await rpiOk(project.dir, ["ssh", "pi", "--", "echo", "ok"]);
    assert.equal(result.stdout.trim(), "ok");
    await rpiOk(project.dir, ["down", "--volumes"]);
    assert.equal(await sha256(image), imageSha);
  });
});
