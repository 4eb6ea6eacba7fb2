import type { BenchMachine, BenchProject } from "./project.js";
import type { Results } from "./results.js";

/** Figures the bench measures: P1–P7 (issue 6), V (rpi validate, issue 2), B (build-image step, issue 4). */
export const FIGURES = ["P1", "P2", "P3", "P4", "P5", "P6", "P7", "V", "B"] as const;
export type Figure = (typeof FIGURES)[number];

/** What every phase gets from the harness. */
export interface BenchContext {
  /** Repetitions of boot figures; cheap figures take 3× as many samples. */
  reps: number;
  /** Whether any of these figures was asked for. */
  want(...ids: Figure[]): boolean;
  log(line: string): void;
  results: Results;
  /** A throw-away project the harness removes at the end (and on Ctrl-C). */
  newProject(suffix: string, machines: Record<string, BenchMachine>): BenchProject;
  /** Unique to this run: prefixes its project names and labels its hand-run containers. */
  prefix: string;
}
