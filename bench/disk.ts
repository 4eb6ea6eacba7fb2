import { stat } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { benchDisk, diskFacts, machineDisk, timeMs as time } from "./lib/disk-step.js";

/**
 * Disk step figures, side by side: a new machine from an already-prepared base (128 MiB and
 * 4 GiB images, and their ratio), and the first preparation of a 4 GiB sparse image (plus a
 * 3 GiB image that must grow to 4 GiB, the usual Raspberry Pi OS case). Images are generated
 * with make-disk and hold 24 MiB of random data each, so copies are not free.
 */
const RUNS = 21;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows: [string, string, string, string][] = [];
const row = (what: string, ms: number, target: string, met: boolean) =>
  rows.push([what, `${(ms / 1000).toFixed(3)} s`, target, met ? "met" : "MISSED"]);

process.stderr.write("bench disk: generating images (128 MiB, 4 GiB, 3 GiB)…\n");
const small = await benchDisk(128);
const big = await benchDisk(4096);
const grow = await benchDisk(3072);
try {
  // First preparations (one run each: a second would reuse the base).
  const firstBig = await time(() => machineDisk(big, "first", "raspi3b"));
  const firstGrow = await time(() => machineDisk(grow, "first", "raspi3b"));
  row(
    "first preparation, 4 GiB sparse image (inspect + copy + edits + boot files)",
    firstBig,
    "≤ 10 s",
    firstBig <= 10_000,
  );
  row(
    "first preparation, 3 GiB image grown to 4 GiB (+ root resize)",
    firstGrow,
    "(no target)",
    true,
  );
  const grown = await stat((await machineDisk(grow, "check", "raspi3b")).base);
  if (grown.size !== 4 * 1024 ** 3) throw new Error(`grown base is ${grown.size} bytes`);

  // New machines from a prepared base: the disk step with facts known, and with inspection.
  await machineDisk(small, "first", "raspi3b");
  const step: Record<string, number[]> = { small: [], big: [], smallInspect: [], bigInspect: [] };
  for (let i = 0; i < RUNS; i++) {
    for (const [key, disk] of [
      ["small", small],
      ["big", big],
    ] as const) {
      const facts = await diskFacts(disk);
      step[key].push(await time(() => machineDisk(disk, `m${i}`, "raspi3b", facts)));
      step[`${key}Inspect`].push(await time(() => machineDisk(disk, `n${i}`, "raspi3b")));
    }
  }
  const [s, b, si, bi] = [step.small, step.big, step.smallInspect, step.bigInspect].map(median);
  row("new machine from a prepared base, 128 MiB image (overlay)", s, "≤ 0.2 s", s <= 200);
  row("new machine from a prepared base, 4 GiB image (overlay)", b, "≤ 0.2 s", b <= 200);
  row("  same, including inspectImage, 128 MiB", si, "≤ 0.2 s", si <= 200);
  row("  same, including inspectImage, 4 GiB", bi, "≤ 0.2 s", bi <= 200);
  rows.push([
    "ratio 4 GiB ÷ 128 MiB (overlay)",
    (b / s).toFixed(2),
    "≤ 1.2",
    b / s <= 1.2 ? "met" : "MISSED",
  ]);
  rows.push([
    "ratio 4 GiB ÷ 128 MiB (incl. inspect)",
    (bi / si).toFixed(2),
    "≤ 1.2",
    bi / si <= 1.2 ? "met" : "MISSED",
  ]);
} finally {
  await Promise.all([small.cleanup(), big.cleanup(), grow.cleanup()]);
}

const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length)));
for (const r of rows) process.stdout.write(r.map((c, i) => c.padEnd(widths[i])).join("  ") + "\n");
process.stdout.write(
  `medians of ${RUNS} runs; load average ${loadavg()[0].toFixed(2)} on ${cpus().length} CPUs\n`,
);
