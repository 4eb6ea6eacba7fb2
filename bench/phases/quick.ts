import type { BenchContext } from "../lib/context.js";
import { measureBuildStep } from "../lib/build-step.js";
import { measureValidate } from "../lib/validate-figure.js";

/** V: `rpi validate` on a generated 50-machine file, alternating with `node -e 0` for scale. */
export function validatePhase(ctx: BenchContext): void {
  const runs = 3 * ctx.reps;
  ctx.log(
    `V: rpi validate on a generated 50-machine file, ${runs} runs alternating with node -e 0`,
  );
  const samples = measureValidate(runs);
  ctx.results.seconds(
    "V",
    "`rpi validate`, generated 50-machine file (wall, process start included)",
    samples.validate,
    { op: "≤", value: 0.3 },
    true,
  );
  ctx.results.seconds("V", "  for scale: `node -e 0`", samples.bare);
}

/** B: the build-image step when the emulator image is present, in fresh processes. */
export async function buildPhase(ctx: BenchContext): Promise<void> {
  const runs = 3 * ctx.reps;
  ctx.log(`B: build-image step with the emulator image present, ${runs} fresh processes`);
  ctx.results.seconds(
    "B",
    "build-image step, emulator image present (ensureEmulatorImage in a fresh process)",
    await measureBuildStep(runs),
    { op: "≤", value: 0.1 },
    true,
  );
}
