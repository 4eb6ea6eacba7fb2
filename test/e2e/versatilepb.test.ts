import { strict as assert } from "node:assert";
import Docker from "dockerode";
import { rpi, rpiOk, tempProject } from "../support/rpi-cli.js";
import { testImage } from "../support/test-image.js";
import { versatileKernel } from "../support/versatile-kernel.js";

// The old tool's udev rules (DESIGN §9), written verbatim: versatilepb's disk is sda.
const OLD_TOOL_UDEV_RULES = [
  'KERNEL=="sda", SYMLINK+="mmcblk0"',
  'KERNEL=="sda?", SYMLINK+="mmcblk0p%n"',
  'KERNEL=="sda2", SYMLINK+="root"',
];

describe("e2e: the old tool's board, versatilepb (kernel given, no board), through `rpi up` in Docker", function () {
  // versatilepb boots in about a minute or two under TCG; the kernel build is the before hook's.
  this.timeout(900_000);
  const docker = new Docker();
  let project: { dir: string; name: string };

  before(async function () {
    // A cold kernel build (versatile/build-kernel.sh) takes minutes; later runs hit its cache.
    this.timeout(60 * 60_000);
    const [image, kernel] = await Promise.all([testImage(), versatileKernel()]);
    project = await tempProject(
      (name) => `name: ${name}
machines:
  old:
    image: ${image}
    kernel: ${kernel.zImage}
    dtb: ${kernel.dtb}
    memory: 256
    restrict: true
    healthcheck: { timeout: 5m }
`,
    );
  });

  after(async () => {
    if (project) await rpi(project.dir, ["down", "--volumes"]);
  });

  it("boots the image on versatilepb and reports it ready when its SSH server answers", async () => {
    const up = await rpiOk(project.dir, ["up"]);
    assert.match(up.stdout, /health-check: ready after [\d.]+ s \(SSH-2\.0-dropbear/);
    assert.match(up.stdout, /1 of 1 machine done/);
    const status = JSON.parse((await rpiOk(project.dir, ["status", "--json"])).stdout);
    assert.equal(status.machines[0].board, "versatilepb");
    assert.equal(status.machines[0].state, "ready");
  });

  it("runs the armel userland on the ARMv6 CPU (arm1176)", async () => {
    const result = await rpiOk(project.dir, ["ssh", "old", "--", "uname -m"]);
    assert.match(result.stdout.trim(), /^armv6/);
  });

  it("has the old tool's udev rules in /etc/udev/rules.d/90-qemu.rules", async () => {
    const result = await rpiOk(project.dir, [
      "ssh",
      "old",
      "--",
      "cat /etc/udev/rules.d/90-qemu.rules",
    ]);
    assert.deepEqual(result.stdout.trim().split("\n"), OLD_TOOL_UDEV_RULES);
  });

  it("mounts the root from the SCSI disk and the boot partition beside it", async () => {
    const result = await rpiOk(project.dir, ["ssh", "old", "--", "cat /proc/mounts"]);
    assert.match(result.stdout, /^\/dev\/root \/ ext4 rw/m);
    assert.match(result.stdout, /^\/dev\/sda1 \/boot\/firmware vfat /m);
  });

  it("stops and removes everything on `rpi down --volumes`", async () => {
    const down = await rpiOk(project.dir, ["down", "--volumes"]);
    assert.match(down.stdout, /old: removed/);
    const containers = await docker.listContainers({
      all: true,
      filters: { label: [`io.rpi.project=${project.name}`] },
    });
    assert.equal(containers.length, 0);
  });
});
