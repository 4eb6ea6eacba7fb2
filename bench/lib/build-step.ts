import { fileURLToPath } from "node:url";
import { check } from "./proc.js";

const CHILD = fileURLToPath(new URL("./build-step-child.js", import.meta.url));

/** The build-image step (emulator image present) timed in `runs` fresh processes, ms each. */
export async function measureBuildStep(runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const result = JSON.parse(await check(process.execPath, [CHILD])) as {
      ms: number;
      built: boolean;
      tag: string;
    };
    // A build is minutes, not the step measured here: build once, then measure.
    if (result.built && i === 0) {
      i--;
      continue;
    }
    times.push(result.ms);
  }
  return times;
}
