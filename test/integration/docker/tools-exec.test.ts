import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import Docker from "dockerode";
import { planDiskEdits } from "../../../src/disk/disk-edits.js";
import { inspectImage } from "../../../src/disk/inspect-image.js";
import { prepareMachineDisk } from "../../../src/disk/prepare-disk.js";
import { DockerToolsExec } from "../../../src/runtime/docker/tools-exec.js";
import { ensureEmulatorImage } from "../../../src/runtime/emulator-image.js";
import { hostExec } from "../../../src/util/exec.js";
import { machineConfig } from "../../support/machine-config.js";
import { makeDisk, type MadeDisk } from "../../support/make-disk.js";

describe("disk tools in the emulator image (Docker users need none on the host)", function () {
  this.timeout(300_000);
  const docker = new Docker();
  let disk: MadeDisk;
  let tools: DockerToolsExec;

  before(async () => {
    const { tag } = await ensureEmulatorImage(docker, {});
    disk = await makeDisk();
    tools = await DockerToolsExec.start(docker, tag, "toolstest", {
      readOnly: [dirname(disk.path)],
      readWrite: [join(disk.dir, "project"), tmpdir()],
    });
  });

  after(async () => {
    await tools?.stop();
    await disk?.cleanup();
  });

  it("runs a tool with standard input and returns its output and exit code", async () => {
    const result = await tools.run("sha256sum", [], { input: "pi" });
    assert.equal(result.exitCode, 0);
    assert.equal(result.stdout.split(" ")[0], createHash("sha256").update("pi").digest("hex"));
    const failed = await tools.run("sh", ["-c", "echo oops >&2; exit 3"]);
    assert.deepEqual([failed.exitCode, failed.stderr.trim()], [3, "oops"]);
  });

  it("cannot write the user's image: its folder is bound read-only", async () => {
    const result = await tools.run("sh", ["-c", `echo x >> '${disk.path}'`]);
    assert.notEqual(result.exitCode, 0);
    assert.match(result.stderr, /Read-only file system/);
  });

  it("prepares a machine's disk with the container's mtools and debugfs, read back on the host", async () => {
    const before = createHash("sha256")
      .update(await readFile(disk.path))
      .digest("hex");
    const projectDir = join(disk.dir, "project");
    const machine = machineConfig("web", { image: disk.path, board: "raspi3b", memory: 1024 });
    const facts = await inspectImage(disk.path, tools, {
      cacheDir: join(projectDir, ".rpi", "cache"),
    });
    const edits = planDiskEdits({
      machine,
      facts,
      board: "raspi3b",
      managementKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq7 rpi-management",
      userKeys: [],
      qemuVersion: [10, 0],
    });
    const prepared = await prepareMachineDisk({
      projectDir,
      machine,
      board: "raspi3b",
      facts,
      edits,
      exec: tools,
    });
    const listing = await hostExec.run("mdir", [
      "-b",
      "-i",
      `${prepared.base}@@${facts.boot.startBytes}`,
      "::/",
    ]);
    assert.match(listing.stdout, /::\/ssh/);
    const keys = await hostExec.run("debugfs", [
      "-R",
      "cat /root/.ssh/authorized_keys",
      `${prepared.base}?offset=${facts.root.startBytes}`,
    ]);
    assert.match(keys.stdout, /rpi-management/);
    assert.equal(
      prepared.sizeBytes & (prepared.sizeBytes - 1),
      0,
      "raspi disks are a power of two",
    );
    const after = createHash("sha256")
      .update(await readFile(disk.path))
      .digest("hex");
    assert.equal(after, before);
  });
});
