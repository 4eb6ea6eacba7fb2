import { strict as assert } from "node:assert";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pruneBases, staleBaseEntries } from "../../../src/disk/prune-bases.js";

const OLD = "0".repeat(32);
const NEW = "a".repeat(32);
const SHARED = "b".repeat(32);

describe("pruneBases: prepared bases no machine uses leave the cache", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "rpi-prune-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** A base of `bytes` (written, so it takes blocks) and its boot folder. */
  async function base(key: string, bytes = 8192): Promise<void> {
    const bases = join(dir, ".rpi", "cache", "bases");
    await mkdir(join(bases, `${key}.boot`), { recursive: true });
    await writeFile(join(bases, `${key}.boot`, "kernel8.img"), Buffer.alloc(4096, 1));
    await writeFile(join(bases, `${key}.img`), Buffer.alloc(bytes, 1));
  }
  async function machine(name: string, key: string | undefined, overlay = true): Promise<void> {
    const machineDir = join(dir, ".rpi", "machines", name);
    await mkdir(machineDir, { recursive: true });
    if (overlay) await writeFile(join(machineDir, "disk.qcow2"), "qcow2");
    if (key !== undefined) await writeFile(join(machineDir, "base"), `${key}\n`);
  }
  const bases = async () => (await readdir(join(dir, ".rpi", "cache", "bases"))).sort();

  it("picks only complete bases (<key>.img, <key>.boot) that nothing uses", () => {
    assert.deepEqual(
      staleBaseEntries(
        [`${OLD}.img`, `${OLD}.boot`, `${NEW}.img`, `${NEW}.boot`, `${OLD}.img.tmp-12-x`, "notes"],
        new Set([NEW]),
      ),
      [`${OLD}.img`, `${OLD}.boot`],
    );
  });

  it("removes the base of an older image and keeps the ones machines are backed by", async () => {
    await base(OLD, 65536);
    await base(NEW);
    await base(SHARED);
    await machine("web", NEW);
    await machine("db", SHARED);
    await machine("cache", SHARED);
    const result = await pruneBases(dir);
    assert.equal(result.removed, 1);
    assert.ok(result.bytes >= 65536 + 4096, `${result.bytes} bytes`);
    assert.deepEqual(await bases(), [
      `${NEW}.boot`,
      `${NEW}.img`,
      `${SHARED}.boot`,
      `${SHARED}.img`,
    ]);
  });

  it("a machine whose overlay is gone (down --volumes) keeps nothing alive", async () => {
    await base(OLD);
    await base(NEW);
    await machine("web", NEW);
    await machine("gone", OLD, false);
    assert.equal((await pruneBases(dir)).removed, 1);
    assert.deepEqual(await bases(), [`${NEW}.boot`, `${NEW}.img`]);
  });

  it("removes nothing when an overlay has no record of its base (made by an older rpi)", async () => {
    await base(OLD);
    await base(NEW);
    await machine("web", NEW);
    await machine("legacy", undefined);
    assert.deepEqual(await pruneBases(dir), { removed: 0, bytes: 0 });
    assert.equal((await bases()).length, 4);
  });

  it("does nothing in a project without a cache", async () => {
    assert.deepEqual(await pruneBases(dir), { removed: 0, bytes: 0 });
  });
});
