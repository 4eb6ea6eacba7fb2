import { ratio, summarize } from "../lib/stats.js";
import { cpus } from "node:os";
import type { BenchContext } from "../lib/context.js";
import {
  bootBreakdown,
  formatBreakdown,
  type Breakdown,
  type HandMoments,
} from "../lib/breakdown.js";
import { guestTimes } from "../lib/guest-times.js";
import { captureRecipe, handRun, type HandRecipe } from "../lib/hand-run.js";
import type { BenchMachine, BenchProject } from "../lib/project.js";

const ONE_VIRT = "rpi up, 1 virt";
const BY_HAND = "QEMU by hand (docker run)";

/**
 * P1, P2, P5, P6, P7: whole `rpi up`s of 1 virt, 4 virt and 1 raspi3b machine, and the QEMU command
 * of the 1-virt machine run by hand, one after another in each repetition (order flipped every
 * repetition; P1's pair twice), each followed by `rpi down --volumes` so the next `up` creates its
 * machines anew (from the prepared base in the project's cache, as a user's second `up` after a
 * `down` does).
 */
export async function bootPhase(ctx: BenchContext): Promise<void> {
  const virt: BenchMachine = { board: "virt", memory: 256 };
  const one = ctx.want("P1", "P5", "P6") ? ctx.newProject("one", { pi: virt }) : undefined;
  const four = ctx.want("P2", "P5", "P7")
    ? ctx.newProject("four", { m1: virt, m2: virt, m3: virt, m4: virt })
    : undefined;
  const r3 = ctx.want("P6")
    ? ctx.newProject("r3", { pi: { board: "raspi3b", memory: 1024 } })
    : undefined;
  const fourEachRep = ctx.want("P5", "P7");

  // Warm-up, untimed for the figures but reported: the first `up` of a project prepares its base.
  let recipe: HandRecipe | undefined;
  let fourRecipes: HandRecipe[] | undefined;
  for (const project of [one, four, r3]) {
    if (!project) continue;
    ctx.log(
      `warm-up: first rpi up of ${project.name} (prepares the base; builds the emulator image if missing)`,
    );
    const first = await project.rpiOk(["up"]);
    const which = project.name.slice(ctx.prefix.length);
    ctx.results.seconds("info", `first \`rpi up\` of ${which} (cold .rpi cache; one run)`, [
      first.ms,
    ]);
    if (project === one && ctx.want("P1", "P5")) recipe = await captureRecipe(`${project.name}-pi`);
    if (project === four && ctx.want("P5")) {
      fourRecipes = await Promise.all(
        ["m1", "m2", "m3", "m4"].map((m) => captureRecipe(`${project.name}-${m}`)),
      );
    }
    if (project !== four || fourEachRep) await project.rpiOk(["down", "--volumes"]);
  }

  const t = {
    one: [] as number[],
    hand: [] as number[],
    four: [] as number[],
    handFour: [] as number[],
    r3: [] as number[],
  };
  const noop: number[] = [];
  const fourBoot: number[] = [];
  const fourLag: number[] = [];
  const rss = { one: [] as number[], four: [] as number[] };
  const downs = { one: [] as number[], four: [] as number[] };
  const causes = new Map<string, number>();
  const breakdowns: Breakdown[] = [];
  const moments: HandMoments[] = [];
  const down = async (project: BenchProject) => {
    const run = await project.rpiOk(["down", "--volumes"]);
    for (const match of run.stdout.matchAll(/removed \(([^)]+)\)/g)) {
      causes.set(match[1], (causes.get(match[1]) ?? 0) + 1);
    }
    return run.ms;
  };

  const steps: [string, () => Promise<void>][] = [];
  if (one) {
    steps.push([
      ONE_VIRT,
      async () => {
        const run = await one.rpiOk(["up"], { peakRss: true });
        t.one.push(run.ms);
        rss.one.push(run.peakRssMb ?? NaN);
        breakdowns.push(bootBreakdown(run, await guestTimes(`${one.name}-pi`)));
        downs.one.push(await down(one));
      },
    ]);
  }
  if (recipe) {
    const handRecipe = recipe;
    steps.push([
      BY_HAND,
      async () => {
        const result = await handRun(
          handRecipe,
          `${ctx.prefix}-hand`,
          `io.rpi.project=${ctx.prefix}-hand`,
        );
        t.hand.push(result.ms);
        moments.push({
          started: result.startedMs,
          banner: result.ms,
          bannerAt: result.bannerAt,
          guest: result.guest,
        });
      },
    ]);
  }
  if (fourRecipes && recipe) {
    // P5's floor on this host without rpi: the same four QEMU commands started at once by hand.
    const recipes = fourRecipes;
    steps.push([
      "4 × QEMU by hand (docker run)",
      async () => {
        const runs = await Promise.all(
          recipes.map((each, i) =>
            handRun(each, `${ctx.prefix}-hand${i + 1}`, `io.rpi.project=${ctx.prefix}-hand`),
          ),
        );
        t.handFour.push(Math.max(...runs.map((run) => run.ms)));
      },
    ]);
  }
  if (four) {
    steps.push([
      "rpi up, 4 virt",
      async () => {
        if (fourEachRep) {
          const run = await four.rpiOk(["up"], { peakRss: true });
          t.four.push(run.ms);
          rss.four.push(run.peakRssMb ?? NaN);
          const guests = await Promise.all(
            ["m1", "m2", "m3", "m4"].map((m) => guestTimes(`${four.name}-${m}`)),
          );
          const lastReady = Math.max(...guests.map((g) => g.readyAt));
          fourBoot.push(lastReady - Math.min(...guests.map((g) => g.startedAt)));
          fourLag.push(run.endedAt - lastReady);
        }
        for (let k = 0; ctx.want("P2") && k < 3; k++) {
          const run = await four.rpiOk(["up"]);
          if (!/nothing to do, 4 machines ready/.test(run.stdout)) {
            throw new Error(`a second rpi up was not a no-op:\n${run.stdout}`);
          }
          noop.push(run.ms);
        }
        if (fourEachRep) downs.four.push(await down(four));
      },
    ]);
  }
  if (r3) {
    steps.push([
      "rpi up, 1 raspi3b",
      async () => {
        t.r3.push((await r3.rpiOk(["up"])).ms);
        await down(r3);
      },
    ]);
  }

  // P1's pair (1 virt through rpi, the same QEMU command by hand) is cheap and the guests' own boot
  // moves ±0.3 s between runs: it runs twice in each repetition, for a steadier ratio of medians.
  if (ctx.want("P1")) {
    steps.push(...steps.filter(([name]) => name === ONE_VIRT || name === BY_HAND));
  }
  for (let rep = 0; rep < ctx.reps; rep++) {
    for (const [name, step] of rep % 2 === 0 ? steps : [...steps].reverse()) {
      ctx.log(`boot figures, repetition ${rep + 1}/${ctx.reps}: ${name}`);
      await step();
    }
  }
  if (four && !fourEachRep) await four.rpiOk(["down", "--volumes"]);

  const r = ctx.results;
  const oneVirt = { what: "`rpi up`, 1 virt machine, to ready (process exit)", ms: t.one };
  if (ctx.want("P1")) {
    r.ratio(
      "P1",
      "`rpi up` to ready ÷ the same QEMU command by hand to the SSH banner (virt aarch64)",
      { op: "≤", value: 1.1 },
      oneVirt,
      { what: "`docker run` of rpi's argv, to the banner on the published port", ms: t.hand },
    );
    r.sections.push(formatBreakdown(breakdowns, moments));
  }
  if (ctx.want("P2")) {
    r.seconds("P2", "no-op `rpi up`, 4 ready machines", noop, { op: "≤", value: 0.5 }, true);
  }
  if (ctx.want("P5")) {
    r.ratio(
      "P5",
      `4 machines concurrently ÷ 1 machine, \`rpi up\` to ready, ${cpus().length} cores`,
      { op: "≤", value: 2.5 },
      { what: "`rpi up`, 4 virt machines (--parallel 4, the default)", ms: t.four },
      oneVirt,
    );
    r.seconds("P5", "  4 virt: first container start → last guest's ready line", fourBoot);
    if (t.handFour.length > 0) {
      r.add({
        figure: "P5",
        what: "  the same by hand: 4 × `docker run` of rpi's argv at once ÷ 1, to the banners",
        ...ratio(t.handFour, t.hand),
        unit: "×",
      });
      r.seconds("P5", "    4 × `docker run` at once, to the last banner", t.handFour);
    }
    r.seconds("P5", "  4 virt: last guest's ready line → `rpi up` exited", fourLag);
  }
  if (ctx.want("P6")) {
    r.ratio(
      "P6",
      "raspi3b + usb-net ÷ virt aarch64 (the fastest profile), same image, `rpi up` to SSH",
      { op: "≥", value: 2 },
      { what: "`rpi up`, 1 raspi3b machine (usb-net)", ms: t.r3 },
      oneVirt,
    );
  }
  if (ctx.want("P7")) {
    r.add({
      figure: "P7",
      main: true,
      what: "peak RSS of `node bin/rpi.js up`, 4 machines (GNU time %M)",
      ...summarize(rss.four),
      unit: "MB",
      goal: { op: "≤", value: 120 },
    });
    if (rss.one.length > 0) {
      r.add({ figure: "P7", what: "  same, 1 machine", ...summarize(rss.one), unit: "MB" });
    }
  }
  const how = [...causes].map(([cause, count]) => `${count}× ${cause}`).join(", ");
  if (downs.one.length > 0)
    r.seconds("info", `\`rpi down --volumes\`, 1 machine (${how})`, downs.one);
  if (downs.four.length > 0) r.seconds("info", "`rpi down --volumes`, 4 machines", downs.four);
}
