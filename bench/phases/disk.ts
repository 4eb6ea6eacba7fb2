import type { BenchContext } from "../lib/context.js";
import { benchDisk, diskFacts, machineDisk, timeMs } from "../lib/disk-step.js";
import { ratio } from "../lib/stats.js";

/**
 * P4: the disk step of a new machine (inspect + plan + overlay, as the pipeline runs it) for a
 * 4 GiB and a 128 MiB image, alternating, once their bases are prepared; plus the overlay alone and
 * the first preparation of the 4 GiB image.
 */
export async function diskPhase(ctx: BenchContext): Promise<void> {
  ctx.log("P4: generating a 128 MiB and a 4 GiB image (make-disk, 24 MiB of random data each)");
  const small = await benchDisk(128);
  const big = await benchDisk(4096);
  try {
    const firstBig = await timeMs(() => machineDisk(big, "first", "raspi3b"));
    await machineDisk(small, "first", "raspi3b");
    const step = { small: [] as number[], big: [] as number[] };
    const known = { small: [] as number[], big: [] as number[] };
    // Steps of ~20 ms are at the mercy of the scheduler on a busy 2-CPU host: take many samples.
    const rounds = 10 * ctx.reps;
    ctx.log(`P4: disk step of a new machine, ${rounds} rounds, 128 MiB and 4 GiB alternating`);
    for (let i = 0; i < rounds; i++) {
      const order = i % 2 === 0 ? (["small", "big"] as const) : (["big", "small"] as const);
      for (const key of order) {
        const disk = key === "small" ? small : big;
        step[key].push(await timeMs(() => machineDisk(disk, `m${i}`, "raspi3b")));
        const facts = await diskFacts(disk);
        known[key].push(await timeMs(() => machineDisk(disk, `n${i}`, "raspi3b", facts)));
      }
    }
    ctx.results.ratio(
      "P4",
      "disk step of a new machine (inspect + plan + overlay), 4 GiB ÷ 128 MiB image",
      { op: "≤", value: 1.2 },
      { what: "4 GiB image", ms: step.big },
      { what: "128 MiB image", ms: step.small },
    );
    ctx.results.add({
      figure: "P4",
      what: "  same with image facts known (overlay only), 4 GiB ÷ 128 MiB",
      ...ratio(known.big, known.small),
      unit: "×",
    });
    ctx.results.seconds(
      "P4",
      "  first preparation of the 4 GiB sparse image (issue 3; one run)",
      [firstBig],
      { op: "≤", value: 10 },
    );
  } finally {
    await Promise.all([small.cleanup(), big.cleanup()]);
  }
}
