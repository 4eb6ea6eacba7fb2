import { strict as assert } from "node:assert";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { planDiskEdits } from "../../../src/disk/disk-edits.js";
import { readHead } from "../../../src/util/read-head.js";
import { inspectImage } from "../../../src/disk/inspect-image.js";
import { parsePartitionTable, PARTITION_TABLE_BYTES } from "../../../src/disk/partition-table.js";
import { basesDir, prepareMachineDisk } from "../../../src/disk/prepare-disk.js";
import { hostExec } from "../../../src/util/exec.js";
import { machineConfig } from "../../support/machine-config.js";
import { testImage } from "../../support/test-image.js";
import { assertEditsOnDisk, extBytes, fsck, sha256 } from "./read-back.js";

const MGMT = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIManagementKeyOfRpi rpi-management";

describe("disk preparation on the real test image (the image every e2e test boots)", function () {
  this.timeout(300_000);
  let image: string;
  let imageSha: string;
  let projectDir: string;

  before(async () => {
    image = await testImage();
    imageSha = await sha256(image);
    projectDir = await mkdtemp(join(tmpdir(), "rpi-disk-testimage-"));
  });

  after(async () => {
    await rm(projectDir, { recursive: true, force: true });
  });

  async function prepare(name: string, sizeBytes?: number) {
    const facts = await inspectImage(image, hostExec, {
      cacheDir: join(projectDir, ".rpi", "cache"),
    });
    const machine = machineConfig(name, {
      image,
      board: "raspi3b",
      memory: 1024,
      disk: { persist: false, sizeBytes },
    });
    const edits = planDiskEdits({
      machine,
      facts,
      board: "raspi3b",
      managementKey: MGMT,
      userKeys: [MGMT],
      qemuVersion: [10, 0],
    });
    const prepared = await prepareMachineDisk({
      projectDir,
      machine,
      board: "raspi3b",
      facts,
      edits,
      exec: hostExec,
    });
    return { facts, edits, prepared };
  }

  it("reads the Pi layout: both kernels, their initramfs, the dtbs, a PARTUUID cmdline and user pi", async () => {
    const { facts } = await prepare("reader");
    for (const file of [
      "kernel7.img",
      "kernel8.img",
      "initramfs7",
      "initramfs8",
      "cmdline.txt",
      "config.txt",
    ]) {
      assert.ok(facts.bootFiles.includes(file), `${file} in ${facts.bootFiles.join(", ")}`);
    }
    assert.match(facts.cmdlineTxt ?? "", /root=PARTUUID=[0-9a-f]{8}-02/);
    assert.equal(facts.table.kind, "mbr");
    assert.equal(facts.boot.startBytes, 8192 * 512);
    assert.deepEqual(
      facts.users.filter((u) => u.name === "pi").map((u) => u.uid),
      [1000],
    );
  });

  it("puts every edit on the prepared base and keeps its root filesystem clean", async () => {
    const { edits, prepared } = await prepare("edits");
    const size = (await stat(prepared.base)).size;
    const table = parsePartitionTable(
      await readHead(prepared.base, PARTITION_TABLE_BYTES),
      prepared.base,
      size,
    );
    await assertEditsOnDisk(
      prepared.base,
      { boot: table.partitions[0], root: table.partitions[1] },
      edits,
    );
    assert.equal((await fsck(prepared.base, table.partitions[1])).code, 0);
  });

  it("lets two machines share one base: one base file, two overlays", async () => {
    const a = await prepare("a");
    const b = await prepare("b");
    assert.equal(a.prepared.base, b.prepared.base);
    const bases = (await readdir(basesDir(projectDir))).filter((f) => f.endsWith(".img"));
    assert.equal(bases.length, 1);
    assert.notEqual(a.prepared.overlay, b.prepared.overlay);
    const info = JSON.parse(
      (await hostExec.run("qemu-img", ["info", "--output=json", b.prepared.overlay])).stdout,
    );
    assert.equal(info["backing-filename"], b.prepared.base);
  });

  it("grows the disk to a power of two at disk.size, root partition and ext4 with it", async () => {
    const { prepared } = await prepare("big", 200 * 2 ** 20);
    assert.equal(prepared.sizeBytes, 256 * 2 ** 20);
    const table = parsePartitionTable(
      await readHead(prepared.base, PARTITION_TABLE_BYTES),
      prepared.base,
      prepared.sizeBytes,
    );
    const root = table.partitions[1];
    assert.equal(root.startBytes + root.sizeBytes, prepared.sizeBytes);
    assert.equal(await extBytes(prepared.base, root), root.sizeBytes);
    assert.equal((await fsck(prepared.base, root)).code, 0);
  });

  it("never writes the image itself", async () => {
    assert.equal(await sha256(image), imageSha);
  });
});
