import { deepStrictEqual, ok } from "node:assert/strict";
import { open, stat } from "node:fs/promises";
import { isAbsolute } from "node:path";
import { gunzipSync } from "node:zlib";
import { execa } from "execa";

const SECTOR = 512;
const BOOT_FILES = [
  "bcm2836-rpi-2-b.dtb",
  "bcm2837-rpi-3-b.dtb",
  "cmdline.txt",
  "config.txt",
  "initramfs7",
  "initramfs8",
  "kernel7.img",
  "kernel8.img",
];

/** Runs testimage/build.sh; returns the last stdout line (the image path) and the time taken. */
async function buildImage(): Promise<{ path: string; seconds: number }> {
  const t0 = Date.now();
  const result = await execa("bash", ["testimage/build.sh"], { reject: false, encoding: "utf8" });
  if (result.exitCode !== 0) {
    throw new Error(`testimage/build.sh failed (exit ${result.exitCode}): ${result.stderr}`);
  }
  const lines = result.stdout.trim().split("\n");
  return { path: lines[lines.length - 1], seconds: (Date.now() - t0) / 1000 };
}

/** Reads `length` bytes at `offset` of a file. */
async function readAt(path: string, offset: number, length: number): Promise<Buffer> {
  const file = await open(path, "r");
  try {
    const buffer = Buffer.alloc(length);
    await file.read(buffer, 0, length, offset);
    return buffer;
  } finally {
    await file.close();
  }
}

interface MbrEntry {
  type: number;
  start: number;
  sectors: number;
}

function mbrEntry(mbr: Buffer, index: number): MbrEntry {
  const at = 446 + 16 * index;
  return {
    type: mbr[at + 4],
    start: mbr.readUInt32LE(at + 8),
    sectors: mbr.readUInt32LE(at + 12),
  };
}

async function mtools(tool: string, image: string, offset: number, ...args: string[]) {
  const result = await execa(tool, ["-i", `${image}@@${offset}`, ...args], {
    env: { MTOOLS_SKIP_CHECK: "1" },
    encoding: "utf8",
  });
  return result.stdout;
}

/** ELF e_flags of an ARM executable: EABI version 5, and whether it uses the hard-float ABI. */
function armElf(binary: Buffer): { eabi: number; hardFloat: boolean } {
  deepStrictEqual(binary.toString("latin1", 0, 4), "\x7fELF");
  deepStrictEqual(binary.readUInt16LE(18), 40, "e_machine is ARM");
  const flags = binary.readUInt32LE(36);
  return { eabi: flags >>> 24, hardFloat: (flags & 0x400) !== 0 };
}

/** A file's contents from a gzip'ed newc cpio archive. */
function cpioFile(archive: Buffer, name: string): Buffer {
  const cpio = gunzipSync(archive);
  const pad = (n: number) => (n + 3) & ~3;
  for (let at = 0; at < cpio.length;) {
    const field = (i: number) =>
      parseInt(cpio.toString("latin1", at + 6 + 8 * i, at + 14 + 8 * i), 16);
    const size = field(6);
    const nameSize = field(11);
    const entry = cpio.toString("latin1", at + 110, at + 110 + nameSize - 1);
    const data = pad(at + 110 + nameSize);
    if (entry === name || entry === `./${name}`) return cpio.subarray(data, data + size);
    if (entry === "TRAILER!!!") break;
    at = pad(data + size);
  }
  throw new Error(`${name} not in the archive`);
}

describe("test image builder (testimage/build.sh, cached)", function () {
  // A cold build downloads ~110 MB of .debs and takes ~20 s; later runs hit the cache.
  this.timeout(15 * 60_000);
  let image = "";
  let mbr: Buffer = Buffer.alloc(0);
  let boot: MbrEntry;
  let root: MbrEntry;

  before(async () => {
    image = (await buildImage()).path;
    mbr = await readAt(image, 0, SECTOR);
    boot = mbrEntry(mbr, 0);
    root = mbrEntry(mbr, 1);
  });

  it("prints the absolute path of an existing image as its last stdout line", async () => {
    ok(isAbsolute(image), image);
    ok(image.endsWith(".img"), image);
    ok((await stat(image)).isFile());
  });

  it("a second run with a warm cache returns the same path within 5 s", async () => {
    const again = await buildImage();
    deepStrictEqual(again.path, image);
    ok(again.seconds < 5, `warm run took ${again.seconds} s`);
  });

  it("is a power-of-two size of at most 128 MiB (QEMU's SD card rule)", async () => {
    const size = (await stat(image)).size;
    ok(size <= 128 * 1024 * 1024, `${size} bytes`);
    deepStrictEqual(size & (size - 1), 0);
  });

  it("has an MBR with the boot signature and a non-zero disk identifier", () => {
    deepStrictEqual(mbr.readUInt16LE(510), 0xaa55);
    ok(mbr.readUInt32LE(440) !== 0);
  });

  it("has p1 FAT32 (LBA) from sector 8192 and p2 Linux right after it, inside the disk", async () => {
    deepStrictEqual({ type: boot.type, start: boot.start }, { type: 0x0c, start: 8192 });
    deepStrictEqual(root.type, 0x83);
    deepStrictEqual(root.start, boot.start + boot.sectors);
    ok((root.start + root.sectors) * SECTOR <= (await stat(image)).size);
  });

  it("formats p1 as FAT32 labelled bootfs", async () => {
    const bootSector = await readAt(image, boot.start * SECTOR, SECTOR);
    deepStrictEqual(bootSector.toString("latin1", 0x52, 0x5a), "FAT32   ");
    deepStrictEqual(bootSector.toString("latin1", 0x47, 0x52).trim(), "bootfs");
  });

  it("formats p2 as ext4 labelled rootfs that kernels before 5.15 can mount", async () => {
    const superblock = await readAt(image, root.start * SECTOR + 1024, 1024);
    deepStrictEqual(superblock.readUInt16LE(0x38), 0xef53);
    deepStrictEqual(superblock.toString("latin1", 0x78, 0x88).replace(/\0+$/, ""), "rootfs");
    const compat = superblock.readUInt32LE(0x5c);
    const incompat = superblock.readUInt32LE(0x60);
    deepStrictEqual(compat & 0x1000, 0, "orphan_file is off");
    deepStrictEqual(incompat & 0x2000, 0, "metadata_csum_seed is off");
  });

  it("holds the kernels, initramfs files, dtbs, cmdline.txt and config.txt in the boot partition", async () => {
    const listing = await mtools("mdir", image, boot.start * SECTOR, "-b", "::/");
    const names = listing
      .split("\n")
      .map((line) => line.replace(/^::\//, "").trim())
      .filter((name) => name !== "");
    deepStrictEqual(names.sort(), BOOT_FILES);
  });

  it("boots root=PARTUUID=<disk id>-02 from cmdline.txt, with auto_initramfs in config.txt", async () => {
    const id = mbr.readUInt32LE(440).toString(16).padStart(8, "0");
    const offset = boot.start * SECTOR;
    deepStrictEqual(
      (await mtools("mtype", image, offset, "::/cmdline.txt")).trim(),
      `console=serial0,115200 root=PARTUUID=${id}-02 rootfstype=ext4 rootwait`,
    );
    ok(/^auto_initramfs=1$/m.test(await mtools("mtype", image, offset, "::/config.txt")));
  });

  it("ships kernel8.img as a raw arm64 Image and kernel7.img as an ARM zImage", async () => {
    const offset = boot.start * SECTOR;
    const head8 = await execa("mtype", ["-i", `${image}@@${offset}`, "::/kernel8.img"], {
      env: { MTOOLS_SKIP_CHECK: "1" },
      encoding: "buffer",
    });
    deepStrictEqual(Buffer.from(head8.stdout).toString("latin1", 56, 60), "ARM\x64");
    const head7 = await execa("mtype", ["-i", `${image}@@${offset}`, "::/kernel7.img"], {
      env: { MTOOLS_SKIP_CHECK: "1" },
      encoding: "buffer",
    });
    deepStrictEqual(Buffer.from(head7.stdout).readUInt32LE(0x24), 0x016f2818);
  });

  it("has root-owned system files, pi's home owned by uid 1000 and fstab by PARTUUID", async () => {
    const fs = `${image}?offset=${root.start * SECTOR}`;
    const debugfs = async (request: string) =>
      (await execa("debugfs", ["-R", request, fs], { encoding: "utf8" })).stdout;
    const id = mbr.readUInt32LE(440).toString(16).padStart(8, "0");
    ok(/User:\s+0\s+Group:\s+0/.test(await debugfs("stat /etc/shadow")));
    ok(/User:\s+1000\s+Group:\s+1000/.test(await debugfs("stat /home/pi")));
    const fstab = await debugfs("cat /etc/fstab");
    ok(fstab.includes(`PARTUUID=${id}-01`) && fstab.includes(`PARTUUID=${id}-02`), fstab);
    deepStrictEqual((await debugfs("cat /etc/hostname")).trim(), "raspberrypi");
    ok(/^ID=debian$/m.test(await debugfs("cat /etc/os-release")));
  });

  it("has an armel (soft-float EABI) userland, root and initramfs, that ARMv6 runs too", async () => {
    const fs = `${image}?offset=${root.start * SECTOR}`;
    const rootFile = async (path: string) =>
      Buffer.from(
        (await execa("debugfs", ["-R", `cat ${path}`, fs], { encoding: "buffer" })).stdout,
      );
    for (const path of ["/bin/busybox", "/usr/sbin/dropbear"]) {
      deepStrictEqual(armElf(await rootFile(path)), { eabi: 5, hardFloat: false }, path);
    }
    const lib = (await execa("debugfs", ["-R", "ls /lib", fs], { encoding: "utf8" })).stdout;
    ok(/\bld-linux\.so\.3\b/.test(lib) && !lib.includes("armhf"), `armel's loader in /lib: ${lib}`);
    for (const initramfs of ["initramfs7", "initramfs8"]) {
      const archive = await execa(
        "mtype",
        ["-i", `${image}@@${boot.start * SECTOR}`, `::/${initramfs}`],
        { env: { MTOOLS_SKIP_CHECK: "1" }, encoding: "buffer" },
      );
      const busybox = cpioFile(Buffer.from(archive.stdout), "bin/busybox");
      deepStrictEqual(armElf(busybox), { eabi: 5, hardFloat: false }, `${initramfs}: bin/busybox`);
    }
  });
});
