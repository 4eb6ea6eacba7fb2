import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** One stdout line and when it arrived, in ms since the process was spawned. */
export interface TimedLine {
  atMs: number;
  text: string;
}

export interface TimedRun {
  /** Wall time from spawn to exit, ms. */
  ms: number;
  /** When the process ended, epoch ms (to compare with Docker's time stamps). */
  endedAt: number;
  exitCode: number;
  stdout: string;
  stderr: string;
  lines: TimedLine[];
  /** Peak resident set of the process (and its largest waited-for child), MB; with `peakRss` only. */
  peakRssMb?: number;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string>;
  /** Measure peak RSS with GNU time (`/usr/bin/time -f %M`); costs a fork, not measurable time. */
  peakRss?: boolean;
}

/**
 * Runs a program to its end, timing it from spawn to exit and time-stamping each stdout line as it
 * arrives (so a run's phases can be read from its own output). Never throws on a non-zero exit.
 */
export function timedRun(
  file: string,
  args: string[],
  options: RunOptions = {},
): Promise<TimedRun> {
  let rssDir: string | undefined;
  let argv = [file, ...args];
  if (options.peakRss) {
    rssDir = mkdtempSync(join(tmpdir(), "rpi-bench-rss-"));
    argv = ["/usr/bin/time", "-f", "%M", "-o", join(rssDir, "rss"), ...argv];
  }
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(argv[0], argv.slice(1), {
      cwd: options.cwd,
      env: { ...process.env, NO_COLOR: "1", ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const lines: TimedLine[] = [];
    let stdout = "";
    let stderr = "";
    let partial = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      const atMs = performance.now() - start;
      stdout += chunk;
      const parts = (partial + chunk).split("\n");
      partial = parts.pop() ?? "";
      for (const text of parts) lines.push({ atMs, text });
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      const ms = performance.now() - start;
      const endedAt = Date.now();
      if (partial !== "") lines.push({ atMs: ms, text: partial });
      let peakRssMb: number | undefined;
      if (rssDir) {
        const kb = Number(readFileSync(join(rssDir, "rss"), "utf8").trim().split("\n").pop());
        peakRssMb = kb / 1024;
        rmSync(rssDir, { recursive: true, force: true });
      }
      resolve({
        ms,
        endedAt,
        exitCode: code ?? (signal ? 128 : 1),
        stdout,
        stderr,
        lines,
        peakRssMb,
      });
    });
  });
}

/** Runs a program and returns its stdout; throws with its output when it fails. */
export async function check(
  file: string,
  args: string[],
  options: RunOptions = {},
): Promise<string> {
  const run = await timedRun(file, args, options);
  if (run.exitCode !== 0) {
    throw new Error(
      `${file} ${args.join(" ")} exited ${run.exitCode}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`,
    );
  }
  return run.stdout;
}
