import { strict as assert } from "node:assert";
import { ConfigError } from "../../../src/errors.js";
import { bootAndRoot, parsePartitionTable } from "../../../src/disk/partition-table.js";

const MiB = 1024 * 1024;

/** An MBR sector with up to four [type, startSector, sectors] entries. */
function mbr(entries: [number, number, number][], diskId = 0x1234abcd): Buffer {
  const b = Buffer.alloc(MiB);
  b.writeUInt32LE(diskId, 440);
  entries.forEach(([type, start, sectors], i) => {
    const e = 446 + 16 * i;
    b[e + 4] = type;
    b.writeUInt32LE(start, e + 8);
    b.writeUInt32LE(sectors, e + 12);
  });
  b.writeUInt16LE(0xaa55, 510);
  return b;
}

function guidBytes(guid: string): Buffer {
  const h = guid.replace(/-/g, "");
  const le = (s: string) => Buffer.from(s, "hex").reverse();
  return Buffer.concat([
    le(h.slice(0, 8)),
    le(h.slice(8, 12)),
    le(h.slice(12, 16)),
    Buffer.from(h.slice(16), "hex"),
  ]);
}

const BASIC_DATA = "EBD0A0A2-B9E5-4433-87C0-68B6B72699C7";
const LINUX_FS = "0FC63DAF-8483-4772-8E79-3D69D8477DE4";
const DISK_GUID = "11223344-5566-7788-99AA-BBCCDDEEFF00";

/** A protective MBR, a GPT header at LBA 1 and entries at LBA 2. */
function gpt(entries: [string, number, number][]): Buffer {
  const b = mbr([[0xee, 1, 0xffffffff]]);
  const h = b.subarray(512, 1024);
  h.write("EFI PART", 0, "latin1");
  guidBytes(DISK_GUID).copy(h, 56);
  h.writeBigUInt64LE(2n, 72);
  h.writeUInt32LE(128, 80);
  h.writeUInt32LE(128, 84);
  entries.forEach(([type, first, last], i) => {
    const e = b.subarray(1024 + 128 * i);
    guidBytes(type).copy(e, 0);
    e.writeBigUInt64LE(BigInt(first), 32);
    e.writeBigUInt64LE(BigInt(last), 40);
  });
  return b;
}

function configError(fn: () => unknown, pattern: RegExp): void {
  assert.throws(
    fn,
    (e: unknown) => e instanceof ConfigError && pattern.test(e.message) && !!e.hint,
  );
}

describe("parsePartitionTable", () => {
  it("reads a Raspberry Pi OS MBR: disk id, FAT boot at sector 8192, Linux root after it", () => {
    const table = parsePartitionTable(
      mbr([
        [0x0c, 8192, 8192],
        [0x83, 16384, 8192],
      ]),
      "pi.img",
      12 * MiB,
    );
    assert.deepEqual(table, {
      kind: "mbr",
      diskId: "1234abcd",
      partitions: [
        { index: 1, startBytes: 4 * MiB, sizeBytes: 4 * MiB, type: "fat", rawType: "0c" },
        { index: 2, startBytes: 8 * MiB, sizeBytes: 4 * MiB, type: "linux", rawType: "83" },
      ],
    });
  });

  it("classifies every FAT type byte Pi images use as fat and others as other", () => {
    for (const type of [0x0b, 0x0c, 0x0e, 0x06, 0x04]) {
      assert.equal(
        parsePartitionTable(mbr([[type, 2048, 100]]), "x", 4 * MiB).partitions[0].type,
        "fat",
      );
    }
    assert.equal(
      parsePartitionTable(mbr([[0x82, 2048, 100]]), "x", 4 * MiB).partitions[0].type,
      "other",
    );
  });

  it("keeps MBR partition numbers when a slot is empty", () => {
    const table = parsePartitionTable(
      mbr([
        [0x0c, 2048, 100],
        [0, 0, 0],
        [0x83, 4096, 100],
      ]),
      "x",
      4 * MiB,
    );
    assert.deepEqual(
      table.partitions.map((p) => p.index),
      [1, 3],
    );
  });

  it("reads a GPT behind a protective MBR: disk GUID, basic data as fat, Linux filesystem as linux", () => {
    const table = parsePartitionTable(
      gpt([
        [BASIC_DATA, 8192, 16383],
        [LINUX_FS, 16384, 24575],
      ]),
      "g.img",
      13 * MiB,
    );
    assert.equal(table.kind, "gpt");
    assert.equal(table.diskId, DISK_GUID);
    assert.deepEqual(
      table.partitions.map((p) => [p.index, p.startBytes, p.sizeBytes, p.type, p.rawType]),
      [
        [1, 4 * MiB, 4 * MiB, "fat", BASIC_DATA],
        [2, 8 * MiB, 4 * MiB, "linux", LINUX_FS],
      ],
    );
  });

  it("says an image without the MBR signature has no partition table, naming the file", () => {
    configError(
      () => parsePartitionTable(Buffer.alloc(MiB), "/imgs/blank.img", MiB),
      /\/imgs\/blank\.img has no partition table/,
    );
  });

  it("says a file shorter than one sector has no partition table", () => {
    configError(
      () => parsePartitionTable(Buffer.from("hello"), "tiny.img", 5),
      /tiny\.img has no partition table/,
    );
  });

  it("recognises a lone FAT filesystem given instead of a whole SD image", () => {
    const b = mbr([]);
    b.write("FAT32   ", 82, "latin1");
    configError(
      () => parsePartitionTable(b, "boot.img", MiB),
      /boot\.img is a single FAT filesystem/,
    );
  });

  it("rejects a protective MBR without a GPT header", () => {
    configError(
      () => parsePartitionTable(mbr([[0xee, 1, 100]]), "bad.img", MiB),
      /bad\.img has a protective MBR but no GPT header/,
    );
  });

  it("says an image is truncated when a partition ends beyond the file", () => {
    configError(
      () =>
        parsePartitionTable(
          mbr([
            [0x0c, 8192, 8192],
            [0x83, 16384, 8192],
          ]),
          "cut.img",
          10 * MiB,
        ),
      /cut\.img is truncated: partition 2 ends at byte 12582912 but the file has 10485760 bytes/,
    );
  });
});

describe("bootAndRoot", () => {
  it("picks the first FAT partition as boot and the first Linux partition as root", () => {
    const table = parsePartitionTable(
      mbr([
        [0x83, 100, 10],
        [0x0c, 200, 10],
        [0x0b, 300, 10],
        [0x83, 400, 10],
      ]),
      "x",
      MiB,
    );
    const { boot, root } = bootAndRoot(table, "x");
    assert.deepEqual([boot.index, root.index], [2, 1]);
  });

  it("names the image and the partitions found when there is no FAT partition", () => {
    const table = parsePartitionTable(mbr([[0x83, 2048, 100]]), "x", 4 * MiB);
    configError(
      () => bootAndRoot(table, "/a/root-only.img"),
      /\/a\/root-only\.img has no FAT boot partition \(partitions found: 2?1:83\)/,
    );
  });

  it("names the image when there is no Linux partition", () => {
    const table = parsePartitionTable(mbr([[0x0c, 2048, 100]]), "x", 4 * MiB);
    configError(
      () => bootAndRoot(table, "/a/boot-only.img"),
      /\/a\/boot-only\.img has no Linux root partition/,
    );
  });
});
