import { strict as assert } from "node:assert";
import { rpi, rpiOk, tempProject } from "../support/rpi-cli.js";
import { testImage } from "../support/test-image.js";
import { inspectMachine, output, readGreeting, statusJson } from "./e2e-helpers.js";

/**
 * The old tool's bridge mode: the container's address moves to the guest (tap + bridge + one-lease
 * DHCP in the entrypoint), with NET_ADMIN and /dev/net/tun only. The project network is internal, so
 * the guests reach each other and nothing off the host.
 */

describe("e2e: two bridge-mode machines on an internal project network", function () {
  this.timeout(600_000);
  let project: { dir: string; name: string };
  const address: Record<string, string> = {};

  before(async () => {
    const image = await testImage();
    const machine = `    image: ${image}
    board: virt
    memory: 512
    network: bridge
    healthcheck: { timeout: 3m }
`;
    project = await tempProject(
      (name) => `name: ${name}
internal: true
machines:
  alpha:
${machine}  beta:
${machine}`,
    );
  });

  after(async () => {
    await rpi(project.dir, ["down", "--volumes"]);
  });

  it("brings both up, each ready on its SSH banner read at its container's address", async () => {
    const up = await rpiOk(project.dir, ["up"]);
    assert.match(up.stdout, /2 of 2 machines done/, output(up));
    for (const name of ["alpha", "beta"]) {
      const info = await inspectMachine(project.name, name);
      address[name] = Object.values(info.NetworkSettings.Networks)[0]?.IPAddress ?? "";
      assert.match(address[name], /^\d+\.\d+\.\d+\.\d+$/);
    }
    const status = await statusJson(project.dir);
    for (const machine of status.machines) {
      assert.equal(machine.state, "ready", JSON.stringify(machine));
      assert.equal(machine.ssh?.host, address[machine.machine]);
      assert.equal(machine.ssh?.port, 22);
      assert.match(await readGreeting(address[machine.machine], 22), /^SSH-2\.0-dropbear/);
    }
  });

  it("gives each guest its container's address by DHCP", async () => {
    for (const name of ["alpha", "beta"]) {
      const result = await rpiOk(project.dir, ["ssh", name, "--", "ip -4 -o addr show dev eth0"]);
      assert.match(result.stdout, new RegExp(` inet ${address[name].replaceAll(".", "\\.")}/`));
    }
  });

  it("lets one guest read the other's SSH banner at the other's container address", async () => {
    const result = await rpiOk(project.dir, [
      "ssh",
      "alpha",
      "--",
      `sleep 3 | nc ${address.beta} 22 | head -n 1`,
    ]);
    assert.match(result.stdout, /^SSH-2\.0-dropbear/, output(result));
  });

  it("resolves the other machine's name through the entrypoint's DNS relay on br0", async () => {
    // The lease routes the relay's link-local address on-link in DHCP option 121 (the guest applies it).
    // A lookup is UDP and may be lost on a loaded host (one failed in CI once, "bad address"): like a
    // program on a Pi, the guest asks again, up to 5 times; stderr keeps each failure and resolv.conf.
    const lookup = [
      "for try in 1 2 3 4 5; do",
      '  banner=$(sleep 2 | nc alpha 22 | head -n 1); case "$banner" in SSH-*) echo "$banner"; exit 0;; esac',
      '  echo "lookup $try of alpha failed" >&2; sleep 1',
      "done; cat /etc/resolv.conf >&2; exit 1",
    ].join("\n");
    const result = await rpiOk(project.dir, ["ssh", "beta", "--", lookup]);
    assert.match(result.stdout, /^SSH-2\.0-dropbear/, output(result));
  });

  it("runs the containers unprivileged with NET_ADMIN and /dev/net/tun only", async () => {
    for (const name of ["alpha", "beta"]) {
      const info = await inspectMachine(project.name, name);
      assert.equal(info.HostConfig.Privileged, false);
      assert.deepEqual(info.HostConfig.CapAdd, ["NET_ADMIN"]);
      assert.deepEqual(
        (info.HostConfig.Devices ?? []).map((device: { PathOnHost: string }) => device.PathOnHost),
        ["/dev/net/tun"],
      );
    }
  });
});
