import { cpus, loadavg } from "node:os";
import { summarize } from "./lib/stats.js";
import { measureValidate } from "./lib/validate-figure.js";

/** `rpi validate` on a generated 50-machine file, process start included: median and spread of 7 runs. */
const RUNS = 7;
const TARGET_MS = 300;

const samples = measureValidate(RUNS);
process.stdout.write(`bench validate: ${samples.output}\n`);
const times = summarize(samples.validate);
const ms = (n: number) => `${n.toFixed(0)} ms`;
process.stdout.write(
  `rpi validate, 50 machines, ${RUNS} runs: median ${ms(times.median)} (min ${ms(times.min)}, max ${ms(times.max)}); ` +
    `target ≤ ${TARGET_MS} ms: ${times.median <= TARGET_MS ? "met" : "MISSED"}\n`,
);
// Wall time includes waiting for a CPU: say how busy the machine was, so a figure can be read.
process.stdout.write(
  `for scale: node -e 0 median ${ms(summarize(samples.bare).median)}; load average ${loadavg()[0].toFixed(2)} on ${cpus().length} CPUs\n`,
);
