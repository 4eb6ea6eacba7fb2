import { strict as assert } from "node:assert";
import { copyFile, readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import type { BoardName, MachineConfig } from "../../../src/config/types.js";
import { applyDiskEdits } from "../../../src/disk/apply-edits.js";
import { planDiskEdits } from "../../../src/disk/disk-edits.js";
import type { ImageFacts } from "../../../src/disk/image-facts.js";
import { inspectImage } from "../../../src/disk/inspect-image.js";
import { readHead } from "../../../src/util/read-head.js";
import { parsePartitionTable, PARTITION_TABLE_BYTES } from "../../../src/disk/partition-table.js";
import {
  baseRecordPath,
  basesDir,
  prepareMachineDisk,
  removeMachineDisk,
} from "../../../src/disk/prepare-disk.js";
import { hostExec, runChecked, type Exec } from "../../../src/util/exec.js";
import { makeDisk, type MadeDisk } from "../../support/make-disk.js";
import { machineConfig } from "../../support/machine-config.js";
import {
  assertEditsOnDisk,
  extBytes,
  extCat,
  fatCat,
  filesUnder,
  fsck,
  sha256,
} from "./read-back.js";

const MiB = 1024 * 1024;
const MGMT = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIManagementKeyOfRpi rpi-management";
const ALICE = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAliceKey alice@laptop";

/** Inspect, plan and prepare one machine of a generated image. */
async function prepare(
  disk: MadeDisk,
  opts: {
    name?: string;
    board?: BoardName;
    machine?: Partial<MachineConfig>;
    qemu?: [number, number];
    exec?: Exec;
    facts?: ImageFacts;
  } = {},
) {
  const board = opts.board ?? "raspi3b";
  const facts =
    opts.facts ??
    (await inspectImage(disk.path, hostExec, { cacheDir: join(disk.dir, ".rpi", "cache") }));
  const machine = machineConfig(opts.name ?? "web", { image: disk.path, board, ...opts.machine });
  const edits = planDiskEdits({
    machine,
    facts,
    board,
    managementKey: MGMT,
    userKeys: [ALICE],
    qemuVersion: opts.qemu ?? [7, 2],
  });
  const prepared = await prepareMachineDisk({
    projectDir: disk.dir,
    machine,
    board,
    facts,
    edits,
    exec: opts.exec ?? hostExec,
  });
  return { facts, edits, prepared };
}

/** The root partition of a prepared base, re-read from its (grown) partition table. */
async function rootOf(image: string) {
  const size = (await stat(image)).size;
  const table = parsePartitionTable(await readHead(image, PARTITION_TABLE_BYTES), image, size);
  return { table, boot: table.partitions[0], root: table.partitions[1] };
}

describe("prepareMachineDisk (real mtools, debugfs, sfdisk, resize2fs, qemu-img)", function () {
  this.timeout(120_000);

  it("puts every planned edit on the prepared disk, with content, mode and owner", async () => {
    const disk = await makeDisk();
    try {
      const alice = {
        ssh: { enable: true, user: "alice", password: "s3cret", authorizedKeys: [] },
      };
      const { edits, prepared } = await prepare(disk, { machine: alice });
      assert.ok(edits.some((e) => e.path === "userconf.txt"));
      const parts = await rootOf(prepared.base);
      await assertEditsOnDisk(prepared.base, parts, edits);
      assert.equal((await fsck(prepared.base, parts.root)).code, 0);
      // And through the machine's own overlay, as the guest sees it.
      const flat = join(disk.dir, "overlay.raw");
      await runChecked(hostExec, "qemu-img", ["convert", "-O", "raw", prepared.overlay, flat]);
      await assertEditsOnDisk(flat, parts, edits);
      assert.equal(
        await extCat(flat, parts.root, "/root/.ssh/authorized_keys"),
        `${MGMT}\n${ALICE}\n`,
      );
    } finally {
      await disk.cleanup();
    }
  });

  it("writes the udev rules and comments out libarmmem for versatilepb on QEMU 2.7, and grows nothing", async () => {
    const disk = await makeDisk({
      rootFiles: { "/etc/ld.so.preload": "/usr/lib/arm-linux-gnueabihf/libarmmem.so\n" },
    });
    try {
      const { edits, prepared } = await prepare(disk, { board: "versatilepb", qemu: [2, 7] });
      const parts = await rootOf(prepared.base);
      await assertEditsOnDisk(prepared.base, parts, edits);
      assert.equal(
        await extCat(prepared.base, parts.root, "/etc/udev/rules.d/90-qemu.rules"),
        'KERNEL=="sda", SYMLINK+="mmcblk0"\nKERNEL=="sda?", SYMLINK+="mmcblk0p%n"\nKERNEL=="sda2", SYMLINK+="root"\n',
      );
      assert.equal(
        await extCat(prepared.base, parts.root, "/etc/ld.so.preload"),
        "#/usr/lib/arm-linux-gnueabihf/libarmmem.so\n",
      );
      assert.equal((await stat(prepared.base)).size, 12 * MiB);
    } finally {
      await disk.cleanup();
    }
  });

  it("writes cloud-init files on the boot partition of a cloud-init image", async () => {
    const disk = await makeDisk({ rootDirs: ["/etc/cloud"] });
    try {
      const { edits, prepared } = await prepare(disk, {
        machine: { ssh: { enable: true, user: "pi", password: "pw", authorizedKeys: [] } },
      });
      const parts = await rootOf(prepared.base);
      await assertEditsOnDisk(prepared.base, parts, edits);
      assert.match(await fatCat(prepared.base, parts.boot, "user-data"), /^#cloud-config/);
      assert.match(await fatCat(prepared.base, parts.boot, "meta-data"), /^instance-id: rpi-/);
    } finally {
      await disk.cleanup();
    }
  });

  it("never changes the user's image (sha256 and mtime the same after preparation)", async () => {
    const disk = await makeDisk();
    try {
      const before = [await sha256(disk.path), (await stat(disk.path)).mtimeMs];
      await prepare(disk);
      await prepare(disk, {
        name: "db",
        board: "virt",
        machine: { disk: { sizeBytes: 64 * MiB, persist: false } },
      });
      assert.deepEqual([await sha256(disk.path), (await stat(disk.path)).mtimeMs], before);
    } finally {
      await disk.cleanup();
    }
  });

  it("lets two machines of one image share one base: one base file, two overlays backed by it", async () => {
    const disk = await makeDisk();
    try {
      const a = await prepare(disk, { name: "gateway", machine: { hostname: "gw", memory: 1024 } });
      const b = await prepare(disk, {
        name: "sensor",
        machine: { hostname: "sensor-1", network: "bridge" },
      });
      assert.equal(a.prepared.base, b.prepared.base);
      assert.deepEqual([a.prepared.reused, b.prepared.reused], [false, true]);
      assert.notEqual(a.prepared.overlay, b.prepared.overlay);
      const bases = (await readdir(basesDir(disk.dir))).filter((f) => f.endsWith(".img"));
      assert.equal(bases.length, 1);
      for (const overlay of [a.prepared.overlay, b.prepared.overlay]) {
        const info = JSON.parse(
          await runChecked(hostExec, "qemu-img", ["info", "--output=json", overlay]),
        ) as Record<string, string>;
        assert.equal(info["format"], "qcow2");
        assert.equal(info["backing-filename"], a.prepared.base);
        assert.equal(info["backing-filename-format"], "raw");
      }
    } finally {
      await disk.cleanup();
    }
  });

  it("makes the disk of an SD board a power of two and grows root partition and ext4 to fill it, cleanly", async () => {
    const disk = await makeDisk({ sizeMiB: 12 });
    try {
      const { prepared } = await prepare(disk, { board: "raspi2b" });
      assert.equal(prepared.sizeBytes, 16 * MiB);
      assert.equal((await stat(prepared.base)).size, 16 * MiB);
      const { root } = await rootOf(prepared.base);
      assert.equal(root.startBytes + root.sizeBytes, 16 * MiB);
      assert.equal(await extBytes(prepared.base, root), root.sizeBytes);
      const check = await fsck(prepared.base, root);
      assert.equal(check.code, 0, check.summary);
      // The grown filesystem kept its files.
      assert.match(await extCat(prepared.base, root, "/etc/passwd"), /^root:x:0:0/);
      const info = JSON.parse(
        await runChecked(hostExec, "qemu-img", ["info", "--output=json", prepared.overlay]),
      ) as Record<string, number>;
      assert.equal(info["virtual-size"], 16 * MiB);
    } finally {
      await disk.cleanup();
    }
  });

  it("grows to disk.size rounded up to a power of two on SD boards, and to exactly disk.size on virt", async () => {
    const disk = await makeDisk();
    try {
      const sd = await prepare(disk, {
        board: "raspi3b",
        machine: { disk: { sizeBytes: 40 * MiB, persist: false } },
      });
      assert.equal((await stat(sd.prepared.base)).size, 64 * MiB);
      const virt = await prepare(disk, {
        name: "v",
        board: "virt",
        machine: { disk: { sizeBytes: 40 * MiB, persist: false } },
      });
      assert.equal((await stat(virt.prepared.base)).size, 40 * MiB);
      for (const base of [sd.prepared.base, virt.prepared.base]) {
        const { root } = await rootOf(base);
        assert.equal(await extBytes(base, root), root.sizeBytes);
        assert.equal((await fsck(base, root)).code, 0);
      }
      const plain = await prepare(disk, { name: "p", board: "virt" });
      assert.equal((await stat(plain.prepared.base)).size, 12 * MiB);
    } finally {
      await disk.cleanup();
    }
  });

  it("grows a GPT image and keeps its table valid (backup header moved to the new end)", async () => {
    const disk = await makeDisk({ table: "gpt", sizeMiB: 13 });
    try {
      const { prepared } = await prepare(disk, { board: "raspi3b" });
      assert.equal((await stat(prepared.base)).size, 16 * MiB);
      const verify = await hostExec.run("sfdisk", ["--verify", prepared.base]);
      assert.equal(verify.exitCode, 0, verify.stdout + verify.stderr);
      assert.doesNotMatch(verify.stdout + verify.stderr, /differ|corrupt|mismatch/i);
      const { root } = await rootOf(prepared.base);
      // Up to the last usable sector: the backup GPT (33 sectors) sits behind it.
      assert.equal(root.startBytes + root.sizeBytes, 16 * MiB - 33 * 512);
      assert.equal((await fsck(prepared.base, root)).code, 0);
    } finally {
      await disk.cleanup();
    }
  });

  it("extracts the boot files a boot needs (kernels, initramfs, dtbs incl. broadcom/, cmdline.txt, config.txt) and not the rest", async () => {
    const disk = await makeDisk();
    try {
      const { prepared } = await prepare(disk);
      assert.deepEqual(prepared.boot.files, [
        "bcm2836-rpi-2-b.dtb",
        "bcm2837-rpi-3-b.dtb",
        "broadcom/bcm2711-rpi-4-b.dtb",
        "cmdline.txt",
        "config.txt",
        "initramfs7",
        "initramfs8",
        "kernel7.img",
        "kernel8.img",
      ]);
      assert.equal(
        await readFile(join(prepared.boot.dir, "kernel8.img"), "utf8"),
        "arm64 kernel\n",
      );
      assert.equal(
        prepared.cmdlineTxt,
        "console=serial0,115200 root=PARTUUID=1234abcd-02 rootfstype=ext4 rootwait\n",
      );
    } finally {
      await disk.cleanup();
    }
  });

  it("applies the same edits twice to the same files (idempotent), with a clean filesystem", async () => {
    const disk = await makeDisk();
    try {
      const { edits, prepared } = await prepare(disk, {
        machine: { ssh: { enable: true, user: "alice", password: "x", authorizedKeys: [] } },
      });
      const copy = join(disk.dir, "again.img");
      await copyFile(prepared.base, copy);
      const parts = await rootOf(copy);
      await applyDiskEdits(hostExec, copy, parts, edits);
      await assertEditsOnDisk(copy, parts, edits);
      assert.equal((await fsck(copy, parts.root)).code, 0);
      assert.deepEqual(
        await listRoot(copy, parts.root.startBytes),
        await listRoot(prepared.base, parts.root.startBytes),
      );
    } finally {
      await disk.cleanup();
    }
  });

  it("gives two concurrent preparations of the same base one base file and no leftovers", async () => {
    const disk = await makeDisk();
    try {
      const facts = await inspectImage(disk.path, hostExec, {
        cacheDir: join(disk.dir, ".rpi", "cache"),
      });
      const [a, b] = await Promise.all([
        prepare(disk, { name: "a", facts }),
        prepare(disk, { name: "b", facts }),
      ]);
      assert.equal(a.prepared.base, b.prepared.base);
      assert.deepEqual((await readdir(basesDir(disk.dir))).sort(), [
        `${a.prepared.baseKey}.boot`,
        `${a.prepared.baseKey}.img`,
      ]);
      const parts = await rootOf(a.prepared.base);
      await assertEditsOnDisk(a.prepared.base, parts, a.edits);
    } finally {
      await disk.cleanup();
    }
  });

  it("leaves nothing in the cache when a preparation fails", async () => {
    const disk = await makeDisk();
    try {
      const failing: Exec = {
        run: (file, args, options) =>
          file === "debugfs" && args.includes("-w")
            ? Promise.resolve({ stdout: "", stderr: "debugfs: disk on fire", exitCode: 1 })
            : hostExec.run(file, args, options),
      };
      await assert.rejects(prepare(disk, { exec: failing }), /disk on fire/);
      assert.deepEqual(await filesUnder(basesDir(disk.dir)), []);
    } finally {
      await disk.cleanup();
    }
  });

  it("recreates the overlay on each preparation, keeps it with disk.persist, and removeMachineDisk deletes only the overlay and its base record", async () => {
    const disk = await makeDisk();
    try {
      const first = await prepare(disk);
      await runChecked(hostExec, "qemu-io", ["-c", "write -P 0x55 0 64k", first.prepared.overlay]);
      const written = (await stat(first.prepared.overlay)).size;
      const persisted = await prepare(disk, { machine: { disk: { persist: true } } });
      assert.equal((await stat(persisted.prepared.overlay)).size, written);
      const fresh = await prepare(disk);
      assert.ok((await stat(fresh.prepared.overlay)).size < written);
      const record = baseRecordPath(disk.dir, "web");
      assert.equal((await readFile(record, "utf8")).trim(), fresh.prepared.baseKey);
      await removeMachineDisk(disk.dir, "web");
      await assert.rejects(stat(fresh.prepared.overlay));
      await assert.rejects(stat(record));
      await stat(fresh.prepared.base);
    } finally {
      await disk.cleanup();
    }
  });
});

async function listRoot(image: string, offset: number): Promise<string> {
  const out = await runChecked(hostExec, "debugfs", [
    "-R",
    "ls -l /root/.ssh",
    `${image}?offset=${offset}`,
  ]);
  // Drop times: debugfs write stamps the current time.
  return out.replace(/\d{1,2}-\w{3}-\d{4} \d\d:\d\d/g, "").replace(/\s+\d+\s+\(\d+\)\s+/g, " ");
}
