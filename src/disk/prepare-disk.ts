import { createHash } from "node:crypto";
import { chmod, link, mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { BoardName, MachineConfig } from "../config/types.js";
import { runChecked, type Exec } from "../util/exec.js";
import { applyDiskEdits } from "./apply-edits.js";
import { formatDiskEdits, type DiskEdit } from "./disk-edits.js";
import { extractFatFiles, listFatFiles } from "./fat-tools.js";
import { growImage, targetDiskSize } from "./grow-disk.js";
import type { ImageFacts } from "./image-facts.js";
import type { DiskProgress } from "./image-format.js";
import { pathExists } from "../util/path-exists.js";
import { machineDir, stateDir } from "../project/paths.js";

export interface PreparedDisk {
  /** The machine's own qcow2 overlay: <projectDir>/.rpi/machines/<name>/disk.qcow2. */
  overlay: string;
  /** The shared, read-only prepared base the overlay is backed by. */
  base: string;
  baseKey: string;
  /** Boot files the boards need (kernels, initramfs, dtbs, cmdline.txt, config.txt), extracted once per base. */
  boot: { dir: string; files: string[] };
  cmdlineTxt?: string;
  facts: ImageFacts;
  /** Size of the base (and so of the guest's disk) in bytes. */
  sizeBytes: number;
  /** False when this call prepared the base; true when an earlier one had. */
  reused: boolean;
}

/** Boot-partition files a boot can need; the rest (overlays, firmware blobs) stays in the image. */
const BOOT_FILE =
  /^(kernel[^/]*\.img|initramfs[^/]*|initrd[^/]*|[^/]*\.dtb|broadcom\/[^/]*\.dtb|cmdline\.txt|config\.txt)$/i;

/**
 * The cache key of a prepared base: the image's identity, the edits in full and the target size.
 * Machines whose key is equal share one base file.
 */
export function baseKey(
  facts: ImageFacts,
  edits: readonly DiskEdit[],
  targetBytes: number,
): string {
  const id = facts.identity;
  return createHash("sha256")
    .update(JSON.stringify([id.realPath, id.sizeBytes, id.mtimeNs, id.ino, edits, targetBytes]))
    .update(formatDiskEdits(edits))
    .digest("hex")
    .slice(0, 32);
}

/** Folder of prepared bases: <projectDir>/.rpi/cache/bases. */
export function basesDir(projectDir: string): string {
  return join(stateDir(projectDir), "cache", "bases");
}

/** The machine's overlay path. */
export function overlayPath(projectDir: string, machineName: string): string {
  return join(machineDir(projectDir, machineName), "disk.qcow2");
}

/** Beside the overlay: the key of the base it is backed by (what pruneBases keeps). */
export function baseRecordPath(projectDir: string, machineName: string): string {
  return join(machineDir(projectDir, machineName), "base");
}

/**
 * Gives a machine its disk: a qcow2 overlay (recreated each call unless disk.persist keeps an
 * existing one on the same base) backed by a prepared base that is made once per key. The base is
 * built from a sparse copy of the raw image — the user's image is only read — under a temporary
 * name, and published with link(), which fails instead of replacing: when two machines prepare
 * the same base at once, both finish, the first link wins and the second discards its copy and
 * uses the winner's. A failed preparation removes its temporary files, so the cache holds only
 * complete bases.
 */
export async function prepareMachineDisk(options: {
  projectDir: string;
  machine: MachineConfig;
  board: BoardName;
  facts: ImageFacts;
  edits: readonly DiskEdit[];
  exec: Exec;
  onProgress?: DiskProgress;
}): Promise<PreparedDisk> {
  const { projectDir, machine, board, facts, edits, exec, onProgress } = options;
  const target = targetDiskSize(board, facts.sizeBytes, machine.disk.sizeBytes);
  const key = baseKey(facts, edits, target);
  const dir = basesDir(projectDir);
  const base = join(dir, `${key}.img`);
  const bootDir = join(dir, `${key}.boot`);

  const reused = (await pathExists(base)) && (await pathExists(bootDir));
  if (!reused) {
    await mkdir(dir, { recursive: true });
    await prepareBase({ exec, facts, edits, target, base, bootDir, onProgress });
  }
  const files = (await listFiles(bootDir)).sort();
  const overlay = overlayPath(projectDir, machine.name);
  await mkdir(machineDir(projectDir, machine.name), { recursive: true });
  if (!(machine.disk.persist && (await backedBy(exec, overlay, base)))) {
    await rm(overlay, { force: true });
    await runChecked(exec, "qemu-img", [
      "create",
      "-q",
      "-f",
      "qcow2",
      "-F",
      "raw",
      "-b",
      base,
      overlay,
    ]);
  }
  await writeFile(baseRecordPath(projectDir, machine.name), `${key}\n`);
  const cmdline = files.find((f) => f.toLowerCase() === "cmdline.txt");
  return {
    overlay,
    base,
    baseKey: key,
    boot: { dir: bootDir, files },
    cmdlineTxt: cmdline ? await readFile(join(bootDir, cmdline), "utf8") : undefined,
    facts,
    sizeBytes: target,
    reused,
  };
}

async function prepareBase(o: {
  exec: Exec;
  facts: ImageFacts;
  edits: readonly DiskEdit[];
  target: number;
  base: string;
  bootDir: string;
  onProgress?: DiskProgress;
}): Promise<void> {
  const { exec, facts, onProgress } = o;
  const suffix = `.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  const tmp = o.base + suffix;
  const tmpBoot = o.bootDir + suffix;
  try {
    onProgress?.("copying image (sparse)");
    // Sparse (and reflinked where the filesystem can) so a 4 GiB image with 100 MB of data copies 100 MB.
    await runChecked(exec, "cp", ["--sparse=always", "--reflink=auto", facts.rawPath, tmp]);
    await chmod(tmp, 0o644);
    let root = facts.root;
    if (o.target > facts.sizeBytes) {
      onProgress?.(`growing disk to ${o.target} bytes and the root filesystem with it`);
      root = await growImage(exec, tmp, facts.root, o.target);
    }
    onProgress?.(`applying ${o.edits.length} edits`);
    await applyDiskEdits(exec, tmp, { boot: facts.boot, root }, o.edits);
    onProgress?.("extracting boot files");
    const wanted = (await listFatFiles(exec, tmp, facts.boot.startBytes)).filter((f) =>
      BOOT_FILE.test(f),
    );
    await mkdir(tmpBoot, { recursive: true });
    await extractFatFiles(exec, tmp, facts.boot.startBytes, wanted, tmpBoot);
    // Boot folder first, base last: a base file in the cache means a complete preparation.
    await publish(() => rename(tmpBoot, o.bootDir));
    await chmod(tmp, 0o444);
    await publish(() => link(tmp, o.base));
  } finally {
    await rm(tmp, { force: true });
    await rm(tmpBoot, { recursive: true, force: true });
  }
}

/** Runs a no-replace publish step; losing the race to an identical preparation is success. */
async function publish(step: () => Promise<void>): Promise<void> {
  try {
    await step();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== "EEXIST" && code !== "ENOTEMPTY") throw error;
  }
}

/**
 * Removes a machine's overlay (down --volumes); the shared base stays, for other machines and the
 * next `up` (pruneBases removes it once a whole `up` left no machine on it).
 */
export async function removeMachineDisk(projectDir: string, machineName: string): Promise<void> {
  await rm(overlayPath(projectDir, machineName), { force: true });
  await rm(baseRecordPath(projectDir, machineName), { force: true });
}

async function backedBy(exec: Exec, overlay: string, base: string): Promise<boolean> {
  if (!(await pathExists(overlay))) return false;
  const info = JSON.parse(
    await runChecked(exec, "qemu-img", ["info", "--output=json", "-U", overlay]),
  ) as { "backing-filename"?: string };
  return info["backing-filename"] === base;
}

async function listFiles(dir: string, prefix = ""): Promise<string[]> {
  const entries = await readdir(join(dir, prefix), { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) =>
      e.isDirectory() ? listFiles(dir, join(prefix, e.name)) : [join(prefix, e.name)],
    ),
  );
  return nested.flat();
}
