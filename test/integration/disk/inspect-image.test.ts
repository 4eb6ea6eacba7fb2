import { strict as assert } from "node:assert";
import { mkdtemp, rm, stat, utimes } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspectImage } from "../../../src/disk/inspect-image.js";
import { hostExec, runChecked, type Exec } from "../../../src/util/exec.js";
import { DEFAULT_BOOT_FILES, makeDisk, type MadeDisk } from "../../support/make-disk.js";

describe("inspectImage (real mtools and debugfs)", function () {
  this.timeout(60_000);
  let disk: MadeDisk;
  let cacheDir: string;
  before(async () => {
    disk = await makeDisk();
    cacheDir = await mkdtemp(join(tmpdir(), "rpi-cache-"));
  });
  after(async () => {
    await disk.cleanup();
    await rm(cacheDir, { recursive: true, force: true });
  });

  it("reads table, partitions, boot file names, cmdline.txt, config.txt, os-release and users of a Pi-layout image", async () => {
    const facts = await inspectImage(disk.path, hostExec, { cacheDir });
    assert.equal(facts.format, "raw");
    assert.equal(facts.rawPath, disk.path);
    assert.equal(facts.table.kind, "mbr");
    assert.equal(facts.table.diskId, "1234abcd");
    assert.deepEqual(
      [facts.boot.startBytes, facts.root.startBytes],
      [disk.bootOffset, disk.rootOffset],
    );
    assert.deepEqual(facts.bootFiles, Object.keys(DEFAULT_BOOT_FILES).sort());
    assert.equal(facts.cmdlineTxt, DEFAULT_BOOT_FILES["cmdline.txt"]);
    assert.equal(facts.configTxt, "auto_initramfs=1\n");
    // /etc/os-release is a symlink to /usr/lib/os-release, as on Debian.
    assert.equal(facts.osRelease.PRETTY_NAME, "rpi test disk");
    assert.deepEqual(
      facts.users.find((u) => u.name === "pi"),
      { name: "pi", uid: 1000, gid: 1000, home: "/home/pi" },
    );
    assert.equal(facts.cloudInit, false);
    assert.equal(facts.userconf, false);
    assert.equal(facts.ldSoPreload, undefined);
  });

  it("caches facts by the image's identity: no tools run for a known image, and a changed image is read again", async () => {
    const own = await mkdtemp(join(tmpdir(), "rpi-facts-"));
    try {
      const calls: string[] = [];
      const counting: Exec = {
        run: (file, args, o) => (calls.push(file), hostExec.run(file, args, o)),
      };
      const first = await inspectImage(disk.path, counting, { cacheDir: own });
      const ran = calls.length;
      assert.ok(ran > 0);
      assert.deepEqual(
        await inspectImage(disk.path, counting, { cacheDir: own }),
        JSON.parse(JSON.stringify(first)),
      );
      assert.equal(calls.length, ran, "no tool runs for a known image");
      const later = new Date(Date.now() + 5000);
      await utimes(disk.path, later, later);
      await inspectImage(disk.path, counting, { cacheDir: own });
      assert.ok(calls.length > ran, "a touched image is inspected again");
    } finally {
      await rm(own, { recursive: true, force: true });
    }
  });

  it("reads a GPT image", async () => {
    const gpt = await makeDisk({ table: "gpt" });
    try {
      const facts = await inspectImage(gpt.path, hostExec, { cacheDir });
      assert.equal(facts.table.kind, "gpt");
      assert.deepEqual(
        [facts.boot.startBytes, facts.root.startBytes],
        [gpt.bootOffset, gpt.rootOffset],
      );
      assert.ok(facts.bootFiles.includes("kernel8.img"));
    } finally {
      await gpt.cleanup();
    }
  });

  it("notices cloud-init (user-data on boot), userconf (/usr/lib/userconf-pi) and ld.so.preload", async () => {
    const other = await makeDisk({
      bootFiles: { "user-data": "#cloud-config\n" },
      rootDirs: ["/usr/lib/userconf-pi"],
      rootFiles: { "/etc/ld.so.preload": "/usr/lib/arm-linux-gnueabihf/libarmmem-v7l.so\n" },
    });
    try {
      const facts = await inspectImage(other.path, hostExec, { cacheDir });
      assert.equal(facts.cloudInit, true);
      assert.equal(facts.userconf, true);
      assert.equal(facts.ldSoPreload, "/usr/lib/arm-linux-gnueabihf/libarmmem-v7l.so\n");
    } finally {
      await other.cleanup();
    }
  });

  it("notices cloud-init from /etc/cloud on the root partition", async () => {
    const other = await makeDisk({ rootDirs: ["/etc/cloud"] });
    try {
      assert.equal((await inspectImage(other.path, hostExec, { cacheDir })).cloudInit, true);
    } finally {
      await other.cleanup();
    }
  });

  const packers: [string, string, (src: string, out: string) => Promise<unknown>][] = [
    [
      "gzip",
      "disk.img.gz",
      (src, out) => runChecked(hostExec, "bash", ["-c", `gzip -c "$1" > "$2"`, "-", src, out]),
    ],
    [
      "xz",
      "disk.img.xz",
      (src, out) => runChecked(hostExec, "bash", ["-c", `xz -0 -T1 -c "$1" > "$2"`, "-", src, out]),
    ],
    ["zip", "disk.zip", (src, out) => runChecked(hostExec, "zip", ["-j", "-q", out, src])],
    [
      "qcow2",
      "disk.qcow2",
      (src, out) => runChecked(hostExec, "qemu-img", ["convert", "-O", "qcow2", src, out]),
    ],
  ];
  for (const [format, name, pack] of packers) {
    it(`unpacks a ${format} image once into the cache and reads the same facts`, async () => {
      const packed = join(disk.dir, name);
      await pack(disk.path, packed);
      const progress: string[] = [];
      const facts = await inspectImage(packed, hostExec, {
        cacheDir,
        onProgress: (m) => progress.push(m),
      });
      assert.equal(facts.format, format);
      assert.ok(facts.rawPath.startsWith(join(cacheDir, "images")), facts.rawPath);
      assert.equal((await stat(facts.rawPath)).size, (await stat(disk.path)).size);
      assert.deepEqual(facts.bootFiles, Object.keys(DEFAULT_BOOT_FILES).sort());
      assert.equal(facts.osRelease.ID, "debian");
      assert.ok(progress.some((m) => m.startsWith("unpacked")));
      const unpackedAt = (await stat(facts.rawPath)).mtimeMs;
      const again = await inspectImage(packed, hostExec, { cacheDir });
      assert.equal(again.rawPath, facts.rawPath);
      assert.equal((await stat(again.rawPath)).mtimeMs, unpackedAt);
    });
  }
});
