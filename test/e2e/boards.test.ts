import { strict as assert } from "node:assert";
import { rpi, rpiOk, tempProject } from "../support/rpi-cli.js";
import { testImage } from "../support/test-image.js";
import { extractBootFiles, inspectMachine, statusJson } from "./e2e-helpers.js";

/**
 * Each board boots the Pi-layout test image in Docker, is reported ready on the SSH banner read
 * through its published port, and runs a command over `rpi ssh`. One project per board, booted one
 * after another (two cores: parallel boots only slow each other down).
 */
describe("e2e: boards boot the test image to SSH in Docker", function () {
  this.timeout(600_000);
  let image: string;
  const projects: string[] = [];

  before(async () => {
    image = await testImage();
  });

  after(async () => {
    for (const dir of projects) await rpi(dir, ["down", "--volumes"]);
  });

  /** Brings up one machine `pi` from the given machine fields; returns the project. */
  async function upOne(fields: string): Promise<{ dir: string; name: string }> {
    const project = await tempProject(
      (name) => `name: ${name}
machines:
  pi:
    image: ${image}
    restrict: true
${fields}`,
    );
    projects.push(project.dir);
    const up = await rpiOk(project.dir, ["up"]);
    assert.match(up.stdout, /health-check: ready after [\d.]+ s \(SSH-2\.0-dropbear/);
    return project;
  }

  it("virt boots the image's 32-bit kernel7.img when `kernel:` and `initrd:` name it (from the boot partition alone virt takes kernel8.img)", async () => {
    const [kernel, initrd] = await extractBootFiles(image, ["kernel7.img", "initramfs7"]);
    const project = await upOne(`    board: virt
    memory: 512
    kernel: ${kernel}
    initrd: ${initrd}
    healthcheck: { timeout: 3m }
`);
    const info = await inspectMachine(project.name, "pi");
    assert.equal(info.Config.Cmd[0], "qemu-system-arm");
    assert.ok(info.Config.Cmd.includes("cortex-a15"), info.Config.Cmd.join(" "));
    const uname = await rpiOk(project.dir, ["ssh", "pi", "--", "uname -m"]);
    assert.equal(uname.stdout.trim(), "armv7l");
    await rpiOk(project.dir, ["down", "--volumes"]);
  });

  it("picks raspi3b from the image's kernel8.img when no board is set: usb-net, console on the mini UART (ttyS1)", async () => {
    const project = await upOne(`    healthcheck: { timeout: 3m }
`);
    const info = await inspectMachine(project.name, "pi");
    const argv = info.Config.Cmd.join(" ");
    assert.match(argv, /^qemu-system-aarch64 -M raspi3b /);
    assert.match(argv, /-device usb-net,netdev=net0/);
    assert.match(argv, /console=ttyS1,115200/);
    assert.match(argv, /-serial null -serial stdio/);
    const status = await statusJson(project.dir);
    assert.equal(status.machines[0].board, "raspi3b");
    assert.equal(status.machines[0].state, "ready");
    const uname = await rpiOk(project.dir, ["ssh", "pi", "--", "uname -m; cat /proc/cmdline"]);
    const [arch, cmdline] = uname.stdout.trim().split("\n");
    assert.equal(arch, "aarch64");
    assert.match(cmdline, /root=\/dev\/mmcblk0p2/);
    await rpiOk(project.dir, ["down", "--volumes"]);
  });

  it("raspi2b boots the image's kernel7.img and bcm2836 device tree to SSH over usb-net", async () => {
    const project = await upOne(`    board: raspi2b
    healthcheck: { timeout: 3m }
`);
    const argv = (await inspectMachine(project.name, "pi")).Config.Cmd.join(" ");
    assert.match(argv, /^qemu-system-arm -M raspi2b /);
    assert.match(argv, /-dtb \S*bcm2836-rpi-2-b\.dtb/);
    const uname = await rpiOk(project.dir, ["ssh", "pi", "--", "uname -m"]);
    assert.equal(uname.stdout.trim(), "armv7l");
    await rpiOk(project.dir, ["down", "--volumes"]);
  });
});
