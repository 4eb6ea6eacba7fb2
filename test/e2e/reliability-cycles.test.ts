import { strict as assert } from "node:assert";
import { open, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { parsePartitionTable, PARTITION_TABLE_BYTES } from "../../src/disk/partition-table.js";
import { rpi, rpiOk } from "../support/rpi-cli.js";
import { oneVirtProject } from "./e2e-helpers.js";

/**
 * Up/down cycles (issue 6): RPI_RELIABILITY_CYCLES of them, 20 by default (about 20 s each on two
 * cores, so ~7 min). The disk persists across cycles, so dirt left by one shutdown would show in
 * every later check.
 */
const CYCLES = Number(process.env.RPI_RELIABILITY_CYCLES ?? 20);

/** e2fsck -fn of the root partition of a qcow2 overlay, read through a raw copy in a temp file. */
async function checkRootFilesystem(overlay: string): Promise<{ exitCode: number; output: string }> {
  const work = await mkdtemp(join(tmpdir(), "rpi-fsck-"));
  const raw = join(work, "disk.raw");
  try {
    await execa("qemu-img", ["convert", "-U", "-O", "raw", overlay, raw]);
    const handle = await open(raw, "r");
    const head = Buffer.alloc(PARTITION_TABLE_BYTES);
    const size = (await handle.stat()).size;
    await handle.read(head, 0, head.length, 0);
    await handle.close();
    const root = parsePartitionTable(head, raw, size).partitions.find((p) => p.index === 2);
    assert.ok(root, "the overlay has no partition 2");
    const fsck = await execa("e2fsck", ["-fn", `${raw}?offset=${root.startBytes}`], {
      reject: false,
      all: true,
    });
    return { exitCode: fsck.exitCode ?? -1, output: fsck.all ?? "" };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

describe(`reliability: ${CYCLES} up/down cycles of one machine leave its root filesystem clean`, function () {
  this.timeout(120_000 + CYCLES * 120_000);
  let project: { dir: string; name: string };

  before(async () => {
    project = await oneVirtProject(["disk: { persist: true }"]);
  });

  after(async () => {
    await rpi(project.dir, ["down", "--volumes"]);
    await rm(project.dir, { recursive: true, force: true });
  });

  it(`boots to SSH, powers off cleanly and passes e2fsck -fn after each of ${CYCLES} downs`, async () => {
    const overlay = join(project.dir, ".rpi", "machines", "pi", "disk.qcow2");
    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      const up = await rpiOk(project.dir, ["up"]);
      assert.match(up.stdout, /health-check: ready after/, `cycle ${cycle}`);
      // Write something each time, so a shutdown that loses data has data to lose.
      await rpiOk(project.dir, ["ssh", "pi", "--", `echo cycle ${cycle} >> /home/pi/cycles`]);
      const down = await rpiOk(project.dir, ["down"]);
      assert.match(
        down.stdout,
        /pi: removed \(guest shut down\)/,
        `cycle ${cycle}: ${down.stdout}`,
      );
      const fsck = await checkRootFilesystem(overlay);
      assert.equal(fsck.exitCode, 0, `cycle ${cycle}: e2fsck -fn found problems:\n${fsck.output}`);
    }
    await rpiOk(project.dir, ["up"]);
    const written = await rpiOk(project.dir, ["ssh", "pi", "--", "cat /home/pi/cycles"]);
    assert.deepEqual(
      written.stdout.trim().split("\n"),
      Array.from({ length: CYCLES }, (_, i) => `cycle ${i + 1}`),
    );
  });
});
