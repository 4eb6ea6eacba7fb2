import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readdir } from "node:fs/promises";
import type { DiskEdit } from "../../../src/disk/disk-edits.js";
import type { Partition } from "../../../src/disk/partition-table.js";
import { hostExec, runChecked } from "../../../src/util/exec.js";

/** sha256 of a file, streamed. */
export async function sha256(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** A file of a FAT partition, read with mtype. */
export function fatCat(image: string, boot: Partition, path: string): Promise<string> {
  return runChecked(hostExec, "mtype", ["-i", `${image}@@${boot.startBytes}`, `::/${path}`]);
}

/** A file of an ext partition, read with debugfs. */
export function extCat(image: string, root: Partition, path: string): Promise<string> {
  return runChecked(hostExec, "debugfs", [
    "-R",
    `cat ${path}`,
    `${image}?offset=${root.startBytes}`,
  ]);
}

/** Mode (with type bits), uid and gid of an ext path, from debugfs stat. */
export async function extStat(
  image: string,
  root: Partition,
  path: string,
): Promise<{ mode: number; uid: number; gid: number; type: string }> {
  const out = await runChecked(hostExec, "debugfs", [
    "-R",
    `stat ${path}`,
    `${image}?offset=${root.startBytes}`,
  ]);
  const m = /Type: (\w+)\s+Mode:\s+(\d+)/.exec(out);
  const u = /User:\s+(\d+)\s+Group:\s+(\d+)/.exec(out);
  if (!m || !u) throw new Error(`no stat for ${path}: ${out}`);
  return { type: m[1], mode: parseInt(m[2], 8), uid: Number(u[1]), gid: Number(u[2]) };
}

/** Asserts-by-throwing that every edit is visible on the disk, with its content, mode and owner. */
export async function assertEditsOnDisk(
  image: string,
  partitions: { boot: Partition; root: Partition },
  edits: readonly DiskEdit[],
): Promise<void> {
  for (const edit of edits) {
    if (edit.kind === "boot-file") {
      const content = await fatCat(image, partitions.boot, edit.path);
      if (content !== edit.content)
        throw new Error(`boot ${edit.path}: ${JSON.stringify(content)}`);
      continue;
    }
    const st = await extStat(image, partitions.root, edit.path);
    const want = {
      type: edit.kind === "root-dir" ? "directory" : "regular",
      mode: edit.mode,
      uid: edit.uid,
      gid: edit.gid,
    };
    if (JSON.stringify(st) !== JSON.stringify(want)) {
      throw new Error(`root ${edit.path}: ${JSON.stringify(st)} != ${JSON.stringify(want)}`);
    }
    if (edit.kind === "root-file") {
      const content = await extCat(image, partitions.root, edit.path);
      if (content !== edit.content)
        throw new Error(`root ${edit.path}: ${JSON.stringify(content)}`);
    }
  }
}

/** e2fsck -fn on a partition: the exit code (0 = clean) and its last line. */
export async function fsck(
  image: string,
  root: Partition,
): Promise<{ code: number; summary: string }> {
  const r = await hostExec.run("e2fsck", ["-fn", `${image}?offset=${root.startBytes}`]);
  return { code: r.exitCode, summary: r.stdout.trim().split("\n").pop() ?? "" };
}

/** Block count × block size of an ext filesystem, from debugfs stats. */
export async function extBytes(image: string, root: Partition): Promise<number> {
  const out = await runChecked(hostExec, "debugfs", [
    "-R",
    "stats",
    `${image}?offset=${root.startBytes}`,
  ]);
  const count = /Block count:\s+(\d+)/.exec(out);
  const size = /Block size:\s+(\d+)/.exec(out);
  return Number(count?.[1]) * Number(size?.[1]);
}

/** Every file under a folder (recursive), relative; [] when it does not exist. */
export async function filesUnder(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries.filter((e) => !e.isDirectory()).map((e) => e.name);
  } catch {
    return [];
  }
}
