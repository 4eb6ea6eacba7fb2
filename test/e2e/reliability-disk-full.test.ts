import { strict as assert } from "node:assert";
import { mkdir, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import Docker from "dockerode";
import { rpi, rpiOk } from "../support/rpi-cli.js";
import { oneVirtProject } from "./e2e-helpers.js";

/**
 * `.rpi/` on a full disk (issue 6): a 12 MiB tmpfs mounted over the project's `.rpi/` (so nothing
 * else on this host fills up). Mounting needs root, as the e2e suite's image builder does.
 */
describe("reliability: `rpi up` with .rpi/ on a full disk", function () {
  this.timeout(600_000);
  const docker = new Docker();
  let project: { dir: string; name: string };
  let mounted = false;
  const stateDir = () => join(project.dir, ".rpi");

  before(async () => {
    project = await oneVirtProject();
    await mkdir(stateDir());
    await execa("mount", ["-t", "tmpfs", "-o", "size=12m", "tmpfs", stateDir()]);
    mounted = true;
  });

  after(async () => {
    if (mounted) await execa("umount", [stateDir()], { reject: false });
    await rpi(project.dir, ["down", "--volumes"]);
    await rm(project.dir, { recursive: true, force: true });
  });

  it("fails with exit 1 saying the disk is full, leaves no container, overlay or partial base", async () => {
    const up = await rpi(project.dir, ["up"]);
    assert.equal(up.exitCode, 1, up.stdout + up.stderr);
    assert.match(up.stderr, /error: pi: .*No space left on device/);
    assert.match(
      up.stderr,
      /^hint: free space on the disk that holds the project's \.rpi\/ folder/m,
    );
    const containers = await docker.listContainers({
      all: true,
      filters: { label: [`io.rpi.project=${project.name}`] },
    });
    assert.deepEqual(containers, []);
    const left = await readdir(stateDir(), { recursive: true });
    assert.deepEqual(
      left.filter((file) => /\.(qcow2|img|tmp-.*)$/.test(file)),
      [],
      `left in .rpi/: ${left.join(", ")}`,
    );
  });

  it("tells the truth in `rpi status` (missing), and converges once there is room again", async () => {
    const status = JSON.parse((await rpiOk(project.dir, ["status", "--json"])).stdout) as {
      machines: { state: string }[];
    };
    assert.equal(status.machines[0].state, "missing");
    await execa("umount", [stateDir()]);
    mounted = false;
    const up = await rpiOk(project.dir, ["up"]);
    assert.match(up.stdout, /health-check: ready after/);
    assert.equal(
      (await rpiOk(project.dir, ["ssh", "pi", "--", "echo", "alive"])).stdout.trim(),
      "alive",
    );
  });
});
