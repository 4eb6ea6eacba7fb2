import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { dirname } from "node:path";
import { generateFleet } from "../generate-fleet.js";
import { RPI_BIN } from "./project.js";

export interface ValidateSamples {
  /** `rpi validate -f <50-machine file>` wall times, ms, process start included. */
  validate: number[];
  /** `node -e 0` wall times, ms, taken alternately with them: what any node CLI costs here. */
  bare: number[];
  /** The untimed first run's output (the file is valid). */
  output: string;
}

function wallMs(args: string[]): number {
  const start = performance.now();
  execFileSync(process.execPath, args, { stdio: "ignore" });
  return performance.now() - start;
}

/** `rpi validate` on a generated file of `machines` machines, `runs` times, alternating with `node -e 0`. */
export function measureValidate(runs: number, machines = 50): ValidateSamples {
  const file = generateFleet(machines);
  // One untimed run: checks the file is valid and warms the filesystem cache.
  const output = execFileSync(process.execPath, [RPI_BIN, "validate", "-f", file], {
    encoding: "utf8",
  }).trim();
  const samples: ValidateSamples = { validate: [], bare: [], output };
  try {
    for (let i = 0; i < runs; i++) {
      samples.validate.push(wallMs([RPI_BIN, "validate", "-f", file]));
      samples.bare.push(wallMs(["-e", "0"]));
    }
  } finally {
    rmSync(dirname(file), { recursive: true, force: true });
  }
  return samples;
}
