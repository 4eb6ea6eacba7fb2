import { ConfigError } from "../errors.js";

export type PartitionType = "fat" | "linux" | "other";

export interface Partition {
  /** 1-based, as sfdisk and PARTUUID suffixes count. */
  index: number;
  startBytes: number;
  sizeBytes: number;
  type: PartitionType;
  /** MBR type byte as two hex digits ("0c"), or the GPT type GUID in upper case. */
  rawType: string;
}

export interface PartitionTable {
  kind: "mbr" | "gpt";
  /** MBR: 8 lower-case hex digits (the PARTUUID prefix); GPT: the disk GUID. */
  diskId: string;
  partitions: Partition[];
}

const SECTOR = 512;
const MBR_FAT_TYPES = new Set([0x0b, 0x0c, 0x0e, 0x06, 0x04, 0x01]);
const MBR_LINUX = 0x83;
const MBR_EMPTY = 0x00;
const MBR_PROTECTIVE = 0xee;

const GPT_FAT_TYPES = new Set([
  "EBD0A0A2-B9E5-4433-87C0-68B6B72699C7", // Microsoft basic data
  "C12A7328-F81F-11D2-BA4B-00A0C93EC93B", // EFI system partition
]);
const GPT_LINUX_TYPES = new Set([
  "0FC63DAF-8483-4772-8E79-3D69D8477DE4", // Linux filesystem
  "69DAD710-2CE4-4E3C-B16C-21A1D49ABED3", // Linux root (ARM 32-bit)
  "B921B045-1DF0-41C3-AF44-4C6F280D3FAE", // Linux root (ARM 64-bit)
]);

/** How many bytes from the start of an image parsePartitionTable needs (MBR + GPT header + 128 entries). */
export const PARTITION_TABLE_BYTES = 1024 * 1024;

/**
 * Parses the MBR (or the GPT behind a protective MBR) from the first bytes of a raw image.
 * Throws a ConfigError naming `imagePath` when there is no table or a partition lies beyond `imageSize`.
 */
export function parsePartitionTable(
  head: Buffer,
  imagePath: string,
  imageSize: number,
): PartitionTable {
  if (head.length < SECTOR || head.readUInt16LE(510) !== 0xaa55) {
    throw new ConfigError(
      `${imagePath} has no partition table (no MBR signature in its first sector)`,
      "give the path of a whole SD-card image (.img), not of a single partition or another file",
    );
  }
  if (/^FAT/.test(head.toString("latin1", 54, 57)) || head.toString("latin1", 82, 87) === "FAT32") {
    throw new ConfigError(
      `${imagePath} is a single FAT filesystem, not a whole SD-card image with a partition table`,
      "give the path of the whole SD-card image (.img) that holds both the boot and the root partition",
    );
  }
  const entries = [0, 1, 2, 3].map((i) => head.subarray(446 + 16 * i, 462 + 16 * i));
  const table = entries.some((e) => e[4] === MBR_PROTECTIVE)
    ? parseGpt(head, imagePath)
    : parseMbr(head, entries);
  for (const p of table.partitions) {
    if (p.startBytes + p.sizeBytes > imageSize) {
      throw new ConfigError(
        `${imagePath} is truncated: partition ${p.index} ends at byte ${p.startBytes + p.sizeBytes} but the file has ${imageSize} bytes`,
        "the download or copy was probably cut short; fetch the image again",
      );
    }
  }
  return table;
}

function parseMbr(head: Buffer, entries: Buffer[]): PartitionTable {
  const partitions: Partition[] = [];
  entries.forEach((e, i) => {
    const type = e[4];
    const sectors = e.readUInt32LE(12);
    if (type === MBR_EMPTY || sectors === 0) return;
    partitions.push({
      index: i + 1,
      startBytes: e.readUInt32LE(8) * SECTOR,
      sizeBytes: sectors * SECTOR,
      type: MBR_FAT_TYPES.has(type) ? "fat" : type === MBR_LINUX ? "linux" : "other",
      rawType: type.toString(16).padStart(2, "0"),
    });
  });
  return { kind: "mbr", diskId: head.readUInt32LE(440).toString(16).padStart(8, "0"), partitions };
}

function parseGpt(head: Buffer, imagePath: string): PartitionTable {
  const header = head.subarray(SECTOR, 2 * SECTOR);
  if (header.length < 92 || header.toString("latin1", 0, 8) !== "EFI PART") {
    throw new ConfigError(
      `${imagePath} has a protective MBR but no GPT header in sector 1`,
      "the GPT is damaged; repair it (e.g. with gdisk) or fetch the image again",
    );
  }
  const entriesAt = Number(header.readBigUInt64LE(72)) * SECTOR;
  const count = header.readUInt32LE(80);
  const entrySize = header.readUInt32LE(84);
  if (entrySize < 128 || entriesAt + count * entrySize > head.length) {
    throw new ConfigError(
      `${imagePath} has a GPT whose partition entries lie outside its first ${head.length} bytes`,
      "the GPT is damaged or the image is truncated; fetch the image again",
    );
  }
  const partitions: Partition[] = [];
  for (let i = 0; i < count; i++) {
    const e = head.subarray(entriesAt + i * entrySize, entriesAt + (i + 1) * entrySize);
    const typeGuid = formatGuid(e.subarray(0, 16));
    if (typeGuid === "00000000-0000-0000-0000-000000000000") continue;
    const first = Number(e.readBigUInt64LE(32));
    const last = Number(e.readBigUInt64LE(40));
    partitions.push({
      index: i + 1,
      startBytes: first * SECTOR,
      sizeBytes: (last - first + 1) * SECTOR,
      type: GPT_FAT_TYPES.has(typeGuid) ? "fat" : GPT_LINUX_TYPES.has(typeGuid) ? "linux" : "other",
      rawType: typeGuid,
    });
  }
  return { kind: "gpt", diskId: formatGuid(header.subarray(56, 72)), partitions };
}

/** GUIDs store their first three fields little-endian. */
function formatGuid(b: Buffer): string {
  const hex = (buf: Buffer) => buf.toString("hex").toUpperCase();
  const rev = (s: number, e: number) => hex(Buffer.from(b.subarray(s, e)).reverse());
  return `${rev(0, 4)}-${rev(4, 6)}-${rev(6, 8)}-${hex(b.subarray(8, 10))}-${hex(b.subarray(10, 16))}`;
}

/** The boot (first FAT) and root (first Linux) partitions; a ConfigError naming the image when either is missing. */
export function bootAndRoot(
  table: PartitionTable,
  imagePath: string,
): { boot: Partition; root: Partition } {
  const boot = table.partitions.find((p) => p.type === "fat");
  const root = table.partitions.find((p) => p.type === "linux");
  const found = table.partitions.map((p) => `${p.index}:${p.rawType}`).join(", ") || "none";
  if (!boot) {
    throw new ConfigError(
      `${imagePath} has no FAT boot partition (partitions found: ${found})`,
      "rpi needs a Raspberry Pi-layout image: a FAT boot partition and a Linux root partition",
    );
  }
  if (!root) {
    throw new ConfigError(
      `${imagePath} has no Linux root partition (partitions found: ${found})`,
      "rpi needs a Raspberry Pi-layout image: a FAT boot partition and a Linux (type 83) root partition",
    );
  }
  return { boot, root };
}
