import type { GuestTimes } from "./guest-times.js";
import type { TimedRun } from "./proc.js";
import { summarize } from "./stats.js";

/** Phases of a one-machine `rpi up`, ms, read from the time stamps of its plain (non-TTY) output. */
export interface Breakdown {
  startup: number;
  buildImage: number;
  prepare: number;
  bridge: number;
  boot: number;
  health: number;
  exit: number;
  /** The health-check's own "ready after N s" (from its first probe), for comparison. */
  reported: number;
  /** Container start → the guest's ready line (the guest's own boot). */
  guestBoot: number;
  /** The guest's ready line → `rpi up` exited (how late rpi saw it, plus its exit). */
  lag: number;
}

/**
 * Splits a one-machine `rpi up` run at its step lines (listr2's simple renderer prints `✔ <step>: …`
 * when a step ends), and places the guest's own boot (from Docker's time stamps) beside them; a
 * phase whose line is missing is NaN.
 */
export function bootBreakdown(run: TimedRun, guest: GuestTimes): Breakdown {
  const at = (prefix: string) =>
    run.lines.find((line) => line.text.startsWith(prefix))?.atMs ?? NaN;
  const first = run.lines[0]?.atMs ?? NaN;
  const ends = [
    at("✔ build image"),
    at("✔ prepare partitions"),
    at("✔ create bridge"),
    at("✔ boot"),
    at("✔ health-check"),
  ];
  const reported = /ready after ([\d.]+) s/.exec(run.stdout)?.[1];
  return {
    startup: first,
    buildImage: ends[0] - first,
    prepare: ends[1] - ends[0],
    bridge: ends[2] - ends[1],
    boot: ends[3] - ends[2],
    health: ends[4] - ends[3],
    exit: run.ms - ends[4],
    reported: reported === undefined ? NaN : Number(reported) * 1000,
    guestBoot: guest.readyAt - guest.startedAt,
    lag: run.endedAt - guest.readyAt,
  };
}

const LABELS: Record<keyof Breakdown, string> = {
  startup: "start → first line (node, imports, config, observe, lock, key)",
  buildImage: "build image",
  prepare: "prepare partitions",
  bridge: "create bridge",
  boot: "boot (create + start the container)",
  health: "health-check (until rpi saw the banner)",
  exit: "last step → process exit",
  reported: "(health-check's own 'ready after' figure)",
  guestBoot: "guest: container start → its console says sshd listens",
  lag: "guest's ready line → `rpi up` exited",
};

/** A hand run's moments: ms from launching `docker run`, and the guest's times. */
export interface HandMoments {
  started: number;
  banner: number;
  bannerAt: number;
  guest: GuestTimes;
}

/** Markdown table: where the time of a 1-machine `rpi up` goes (medians, spread), beside a hand run's. */
export function formatBreakdown(runs: Breakdown[], hand: HandMoments[]): string {
  const lines = ["| phase of `rpi up`, 1 virt machine | median | min–max |", "|---|---:|---:|"];
  const row = (label: string, ms: number[]) => {
    const x = summarize(ms.filter((v) => !Number.isNaN(v)).map((v) => v / 1000));
    lines.push(
      `| ${label} | ${x.median.toFixed(2)} s | ${x.min.toFixed(2)}–${x.max.toFixed(2)} s |`,
    );
  };
  for (const phase of Object.keys(LABELS) as (keyof Breakdown)[]) {
    row(
      LABELS[phase],
      runs.map((run) => run[phase]),
    );
  }
  if (hand.length > 0) {
    row(
      "by hand: `docker run -d` returned",
      hand.map((h) => h.started),
    );
    row(
      "by hand: guest: container start → its console says sshd listens",
      hand.map((h) => h.guest.readyAt - h.guest.startedAt),
    );
    row(
      "by hand: guest's ready line → banner read",
      hand.map((h) => h.bannerAt - h.guest.readyAt),
    );
  }
  return lines.join("\n");
}
