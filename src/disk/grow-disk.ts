import { rm, truncate } from "node:fs/promises";
import type { BoardName } from "../config/types.js";
import { ConfigError, RuntimeError } from "../errors.js";
import { runChecked, type Exec } from "../util/exec.js";
import { readHead } from "../util/read-head.js";
import { parsePartitionTable, PARTITION_TABLE_BYTES, type Partition } from "./partition-table.js";

/** Boards whose disk is an SD card: QEMU accepts only power-of-two SD sizes. */
export function isSdBoard(board: BoardName): boolean {
  return board.startsWith("raspi");
}

/**
 * The size a prepared base must have. SD boards: the next power of two of the image (and of
 * disk.size when larger). Other boards: the image size, or disk.size when larger. Pure.
 */
export function targetDiskSize(board: BoardName, imageBytes: number, requested?: number): number {
  if (requested !== undefined && requested < imageBytes) {
    throw new ConfigError(
      `disk.size (${requested} bytes) is smaller than the image (${imageBytes} bytes)`,
      "remove disk.size or make it at least the image's size: rpi grows disks, it never shrinks them",
    );
  }
  const wanted = Math.max(imageBytes, requested ?? 0);
  return isSdBoard(board) ? nextPowerOfTwo(wanted) : wanted;
}

export function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/**
 * Grows a raw image file (a base in preparation) to `targetBytes`, the root partition to fill the
 * disk when it is the last one, and its ext4 filesystem offline with resize2fs. Returns the root
 * partition as it now is.
 *
 * resize2fs runs on a sparse copy of the partition, written back afterwards, and not on
 * `image?offset=N` in place: resize2fs accepts the offset, but then truncates the image file to
 * the filesystem's byte size as if it started at 0, cutting the filesystem's tail (seen with
 * e2fsprogs 1.47). The copy costs a read of the partition's holes, not of the whole disk's data.
 */
export async function growImage(
  exec: Exec,
  image: string,
  root: Partition,
  targetBytes: number,
): Promise<Partition> {
  await truncate(image, targetBytes);
  const before = parsePartitionTable(
    await readHead(image, PARTITION_TABLE_BYTES),
    image,
    targetBytes,
  );
  const relocateGpt = async () => {
    // The backup GPT belongs at the (new) end of the disk.
    if (before.kind === "gpt") {
      await runChecked(exec, "sfdisk", [
        "--no-reread",
        "--no-tell-kernel",
        "-q",
        "--relocate",
        "gpt-bak-std",
        image,
      ]);
    }
  };
  await relocateGpt();
  const last = before.partitions.reduce((a, b) => (b.startBytes > a.startBytes ? b : a));
  if (last.index !== root.index) return root; // something follows root: the disk grows, root cannot
  await runChecked(
    exec,
    "sfdisk",
    ["--no-reread", "--no-tell-kernel", "-q", "-N", String(root.index), image],
    {
      input: ", +\n",
    },
  );
  const after = parsePartitionTable(
    await readHead(image, PARTITION_TABLE_BYTES),
    image,
    targetBytes,
  );
  const grown = after.partitions.find((p) => p.index === root.index);
  if (!grown) throw new RuntimeError(`sfdisk lost partition ${root.index} of ${image}`);

  const part = `${image}.root`;
  try {
    await runChecked(exec, "dd", [
      `if=${image}`,
      `of=${part}`,
      "bs=4M",
      "iflag=skip_bytes,count_bytes",
      `skip=${root.startBytes}`,
      `count=${root.sizeBytes}`,
      "conv=sparse",
      "status=none",
    ]);
    // resize2fs insists on a checked filesystem; images are rarely checked after their last mount.
    const fsck = await exec.run("e2fsck", ["-f", "-y", part]);
    if (fsck.exitCode >= 4) {
      throw new ConfigError(
        `the root filesystem of the image has errors e2fsck cannot repair: ${fsck.stdout.trim().split("\n").slice(-3).join(" ")}`,
        "check the image with e2fsck, or fetch it again",
      );
    }
    await runChecked(exec, "resize2fs", [part, `${grown.sizeBytes / 512}s`]);
    // Cut the old root away first: a sparse write skips zero blocks, which must not keep old data.
    await truncate(image, grown.startBytes);
    await runChecked(exec, "dd", [
      `if=${part}`,
      `of=${image}`,
      "bs=4M",
      "oflag=seek_bytes",
      `seek=${grown.startBytes}`,
      "conv=notrunc,sparse",
      "status=none",
    ]);
    await truncate(image, targetBytes);
    await relocateGpt();
  } finally {
    await rm(part, { force: true });
  }
  return grown;
}
