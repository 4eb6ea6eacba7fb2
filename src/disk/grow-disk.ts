import { truncate } from "node:fs/promises";
import type { BoardName } from "../config/types.js";
import { ConfigError, RuntimeError } from "../errors.js";
import { runChecked, type Exec } from "../util/exec.js";
import { extImage } from "./ext-tools.js";
import { readHead } from "./image-identity.js";
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
 * disk when it is the last one, and its ext4 filesystem offline: `resize2fs 'image?offset=N'
 * <sectors>s`. The explicit size matters: given only the offset, resize2fs would take the whole
 * file's size and run past the partition's end. Returns the root partition as it now is.
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
  if (before.kind === "gpt") {
    // The backup GPT must move to the new end of the disk before a partition can use the space.
    await runChecked(exec, "sfdisk", [
      "--no-reread",
      "--no-tell-kernel",
      "-q",
      "--relocate",
      "gpt-bak-std",
      image,
    ]);
  }
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
  // resize2fs insists on a checked filesystem; images are rarely checked after their last mount.
  const fsck = await exec.run("e2fsck", ["-f", "-y", extImage(image, grown.startBytes)]);
  if (fsck.exitCode >= 4) {
    throw new ConfigError(
      `the root filesystem of the image has errors e2fsck cannot repair: ${fsck.stdout.trim().split("\n").slice(-3).join(" ")}`,
      "check the image with e2fsck, or fetch it again",
    );
  }
  await runChecked(exec, "resize2fs", [
    extImage(image, grown.startBytes),
    `${grown.sizeBytes / 512}s`,
  ]);
  return grown;
}
