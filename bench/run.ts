import { writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { testImage } from "../test/support/test-image.js";
import { FIGURES, type BenchContext, type Figure } from "./lib/context.js";
import { check } from "./lib/proc.js";
import { BenchProject, benchPrefix, removeLabelled } from "./lib/project.js";
import { Results } from "./lib/results.js";
import { formatTable, meets } from "./lib/table.js";
import { bootPhase } from "./phases/boot.js";
import { diskPhase } from "./phases/disk.js";
import { fleetPhase } from "./phases/fleet.js";
import { buildPhase, validatePhase } from "./phases/quick.js";

/**
 * `npm run bench` / `node dist/bench/run.js [FIGURE…] [--reps N] [--json FILE]`: the performance
 * figures of issues 2–6 measured side by side in one run — the runs a figure compares alternate,
 * the order flipped every repetition — printed as one Markdown table: median, min–max spread,
 * goal, pass/fail. Guests are `restrict: true` machines of the test image (no route off the
 * machine); everything the bench creates is removed at the end, and on Ctrl-C.
 * Exit code: 0 all goals met, 3 a goal missed, 1 the bench itself failed, 2 bad usage.
 */
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    reps: { type: "string", short: "n", default: "5" },
    json: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help) {
  process.stdout.write(
    `usage: node dist/bench/run.js [${FIGURES.join(" ")}] [--reps N] [--json FILE]\n` +
      "  no figure: all. --reps N: repetitions of the boot figures (default 5); P1 takes 2×N pairs, V, B, P3 3×N samples, P4 10×N.\n" +
      "  --json FILE: also write the rows as JSON. See docs/performance.md.\n",
  );
  process.exit(0);
}
const reps = Number(values.reps);
if (!Number.isInteger(reps) || reps < 1) usage(`--reps ${values.reps}: not a positive integer`);
const wanted = new Set<Figure>(
  positionals.length === 0
    ? FIGURES
    : positionals.map((arg) => {
        const id = arg.toUpperCase() as Figure;
        if (!FIGURES.includes(id)) usage(`unknown figure ${arg}`);
        return id;
      }),
);

function usage(message: string): never {
  process.stderr.write(`bench: ${message}\nfigures: ${FIGURES.join(" ")}\n`);
  process.exit(2);
}

const start = performance.now();
const elapsed = () => `${((performance.now() - start) / 1000).toFixed(0).padStart(4)} s`;
const projects: BenchProject[] = [];
const prefix = benchPrefix();
const results = new Results();
let image: Promise<string> | undefined;
let current: string | undefined;

const ctx: BenchContext = {
  reps,
  want: (...ids) => ids.some((id) => wanted.has(id)),
  log: (line) => process.stderr.write(`bench ${elapsed()}: ${line}\n`),
  results,
  prefix,
  newProject(suffix, machines) {
    if (!current) throw new Error("newProject() before the test image is known");
    const project = new BenchProject(`${prefix}${suffix}`, current, machines);
    projects.push(project);
    return project;
  },
};

/** Removes every project of this run and its hand-run containers. */
async function cleanup(): Promise<void> {
  await Promise.all(projects.splice(0).map((project) => project.cleanup()));
  await removeLabelled(`${prefix}-hand`);
}
process.once("SIGINT", () => {
  ctx.log("interrupted: removing the bench's machines");
  void cleanup().finally(() => process.exit(130));
});

async function environment(): Promise<string> {
  const text = (file: string, args: string[]) =>
    check(file, args).then(
      (out) => out.trim(),
      () => "?",
    );
  const docker = await text("docker", ["version", "--format", "{{.Server.Version}}"]);
  const commit = await text("git", ["rev-parse", "--short", "HEAD"]);
  const dirty = await text("git", ["status", "--porcelain", "--", "src", "bin", "docker"]);
  return (
    `${new Date().toISOString()} · commit ${commit}${dirty ? " + uncommitted changes in src/" : ""} · ` +
    `node ${process.version} · Docker ${docker} · ${cpus().length} CPUs (${cpus()[0]?.model.trim()})`
  );
}

const phases: [Figure[], () => Promise<void>][] = [
  [["V"], async () => validatePhase(ctx)],
  [["B"], () => buildPhase(ctx)],
  [["P4"], () => diskPhase(ctx)],
  [["P1", "P2", "P5", "P6", "P7"], () => bootPhase(ctx)],
  [["P3"], () => fleetPhase(ctx)],
];
const environmentLine = await environment();
const loadAtStart = loadavg()[0];
let failures = 0;
for (const [ids, phase] of phases) {
  if (!ctx.want(...ids)) continue;
  try {
    if (ids.some((id) => id.startsWith("P") && id !== "P4")) {
      image ??= testImage();
      current = await image;
    }
    await phase();
  } catch (error) {
    // One phase failing must not hide the others' figures.
    failures++;
    process.stderr.write(`bench: ${ids.join(", ")} failed: ${(error as Error).stack ?? error}\n`);
  } finally {
    await cleanup();
  }
}

const order = (figure: string) =>
  figure === "info" ? FIGURES.length : FIGURES.indexOf(figure as Figure);
const footer =
  `${environmentLine}\nrepetitions: ${reps} (P2 ×3, P5, P6, P7), ${2 * reps} (P1), ${3 * reps} (V, B, P3), ${10 * reps} (P4); ` +
  `load average ${loadAtStart.toFixed(2)} at start, ${loadavg()[0].toFixed(2)} at end; ` +
  `whole bench ${((performance.now() - start) / 1000).toFixed(0)} s`;
const sections = results.sections.map((section) => `${section}\n\n`).join("");
process.stdout.write(`\n${formatTable(results.rows, order)}\n\n${sections}${footer}\n`);
if (values.json) {
  writeFileSync(values.json, JSON.stringify({ footer, ...results }, null, 2) + "\n");
}
process.exitCode = failures > 0 ? 1 : results.rows.every(meets) ? 0 : 3;
