import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { hostExec, runChecked } from "../../src/util/exec.js";

export interface MakeDiskOptions {
  /** Whole image size in MiB (default 12: not a power of two, so SD growth shows). */
  sizeMiB?: number;
  /** Partition table kind (default mbr, as Raspberry Pi OS). */
  table?: "mbr" | "gpt";
  /** Extra or replacing boot files (relative path → content). */
  bootFiles?: Record<string, string>;
  /** Extra or replacing root files (absolute path → content). */
  rootFiles?: Record<string, string>;
  /** Root folders to create (absolute). */
  rootDirs?: string[];
}

export interface MadeDisk {
  path: string;
  dir: string;
  bootOffset: number;
  rootOffset: number;
  cleanup(): Promise<void>;
}

const MiB = 1024 * 1024;
const BOOT_START = 4 * MiB; // sector 8192, as Raspberry Pi OS
const BOOT_SIZE = 4 * MiB;

export const DEFAULT_BOOT_FILES: Record<string, string> = {
  "kernel7.img": "armhf kernel\n",
  "kernel8.img": "arm64 kernel\n",
  initramfs7: "initramfs 7\n",
  initramfs8: "initramfs 8\n",
  "bcm2836-rpi-2-b.dtb": "dtb 2\n",
  "bcm2837-rpi-3-b.dtb": "dtb 3\n",
  "broadcom/bcm2711-rpi-4-b.dtb": "dtb 4\n",
  "overlays/disable-bt.dtbo": "not needed to boot\n",
  "cmdline.txt": "console=serial0,115200 root=PARTUUID=1234abcd-02 rootfstype=ext4 rootwait\n",
  "config.txt": "auto_initramfs=1\n",
};

export const DEFAULT_ROOT_FILES: Record<string, string> = {
  "/usr/lib/os-release": 'PRETTY_NAME="rpi test disk"\nID=debian\nVERSION_ID="12"\n',
  "/etc/passwd":
    "root:x:0:0:root:/root:/bin/sh\npi:x:1000:1000:,,,:/home/pi:/bin/bash\nsvc:x:1001:1002::/srv/svc:/bin/sh\n",
  "/etc/hostname": "raspberrypi\n",
};

/**
 * Builds a small Raspberry Pi-layout image in a temp folder with the real tools (sfdisk,
 * mkfs.vfat + mcopy, mkfs.ext4 -d): disk id 0x1234abcd, FAT at sector 8192, ext4 after it to the end.
 */
export async function makeDisk(options: MakeDiskOptions = {}): Promise<MadeDisk> {
  const exec = hostExec;
  const dir = await mkdtemp(join(tmpdir(), "rpi-make-disk-"));
  const path = join(dir, "disk.img");
  const size = (options.sizeMiB ?? 12) * MiB;
  const rootOffset = BOOT_START + BOOT_SIZE;
  const gptTail = options.table === "gpt" ? MiB : 0; // room for the backup GPT
  const rootSize = size - rootOffset - gptTail;

  await runChecked(exec, "truncate", ["-s", String(size), path]);
  const layout =
    options.table === "gpt"
      ? `label: gpt\nstart=8192, size=8192, type=EBD0A0A2-B9E5-4433-87C0-68B6B72699C7\nstart=16384, size=${rootSize / 512}, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4\n`
      : `label: dos\nlabel-id: 0x1234abcd\nstart=8192, size=8192, type=c\nstart=16384, type=83\n`;
  await runChecked(exec, "sfdisk", ["-q", path], { input: layout });

  const boot = join(dir, "boot.fat");
  await runChecked(exec, "truncate", ["-s", String(BOOT_SIZE), boot]);
  await runChecked(exec, "mkfs.vfat", ["-n", "BOOTFS", boot]);
  const bootFiles = { ...DEFAULT_BOOT_FILES, ...options.bootFiles };
  const staging = join(dir, "staging");
  for (const [name, content] of Object.entries(bootFiles)) {
    const file = join(staging, name);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, content);
  }
  for (const name of Object.keys(bootFiles).filter((n) => n.includes("/"))) {
    await hostExec.run("mmd", ["-i", boot, `::/${dirname(name)}`]);
  }
  for (const name of Object.keys(bootFiles)) {
    await runChecked(exec, "mcopy", ["-o", "-i", boot, join(staging, name), `::/${name}`]);
  }

  const rootDir = join(dir, "root");
  for (const d of ["/etc", "/home/pi", "/root", "/usr/lib", ...(options.rootDirs ?? [])]) {
    await mkdir(join(rootDir, d), { recursive: true });
  }
  await symlink("../usr/lib/os-release", join(rootDir, "etc/os-release"));
  for (const [name, content] of Object.entries({ ...DEFAULT_ROOT_FILES, ...options.rootFiles })) {
    await mkdir(dirname(join(rootDir, name)), { recursive: true });
    await writeFile(join(rootDir, name), content);
  }
  const root = join(dir, "root.ext4");
  await runChecked(exec, "truncate", ["-s", String(rootSize), root]);
  // As the test image: no orphan_file/metadata_csum_seed, so older guest kernels can mount it.
  await runChecked(exec, "mkfs.ext4", [
    "-q",
    "-F",
    "-L",
    "rootfs",
    "-O",
    "^orphan_file,^metadata_csum_seed",
    "-d",
    rootDir,
    root,
  ]);

  for (const [part, offset] of [
    [boot, BOOT_START],
    [root, rootOffset],
  ] as const) {
    await runChecked(exec, "dd", [
      `if=${part}`,
      `of=${path}`,
      "bs=1M",
      `seek=${offset / MiB}`,
      "conv=notrunc,sparse",
      "status=none",
    ]);
  }
  await rm(staging, { recursive: true, force: true });
  await rm(rootDir, { recursive: true, force: true });
  await rm(boot);
  await rm(root);
  return {
    path,
    dir,
    bootOffset: BOOT_START,
    rootOffset,
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
