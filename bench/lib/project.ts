import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { check, timedRun, type RunOptions, type TimedRun } from "./proc.js";

/** The CLI as a user runs it: `node bin/rpi.js` (bench runs from dist/bench/lib/). */
export const RPI_BIN = fileURLToPath(new URL("../../../bin/rpi.js", import.meta.url));

/** The label every container and network of a project carries (src/runtime/labels.ts). */
const PROJECT_LABEL = "io.rpi.project";

export interface BenchMachine {
  board: "virt" | "raspi3b";
  memory: number;
}

/**
 * A throw-away rpi project in a temp folder: its rpi.yml, `rpi` runs in it, and a cleanup that
 * leaves nothing behind (`rpi down --volumes`, then anything still labelled with its name).
 * Every guest is `restrict: true`: QEMU user networking with no route off the machine.
 */
export class BenchProject {
  readonly dir: string;

  constructor(
    readonly name: string,
    image: string,
    machines: Record<string, BenchMachine>,
  ) {
    this.dir = mkdtempSync(join(tmpdir(), `rpi-bench-${name}-`));
    const lines = [`name: ${name}`, "machines:"];
    for (const [machine, spec] of Object.entries(machines)) {
      lines.push(
        `  ${machine}:`,
        `    image: ${image}`,
        `    board: ${spec.board}`,
        `    memory: ${spec.memory}`,
        "    restrict: true",
        "    healthcheck: { timeout: 5m }",
      );
    }
    writeFileSync(join(this.dir, "rpi.yml"), lines.join("\n") + "\n");
  }

  /** `rpi <args>` in the project folder, timed. */
  rpi(args: string[], options: RunOptions = {}): Promise<TimedRun> {
    return timedRun(process.execPath, [RPI_BIN, ...args], { cwd: this.dir, ...options });
  }

  /** `rpi <args>` that must succeed (exit 0); throws with its output otherwise. */
  async rpiOk(args: string[], options: RunOptions = {}): Promise<TimedRun> {
    const run = await this.rpi(args, options);
    if (run.exitCode !== 0) {
      throw new Error(
        `rpi ${args.join(" ")} (project ${this.name}) exited ${run.exitCode}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`,
      );
    }
    return run;
  }

  /** Removes the project's machines, overlays, containers and network, and its folder. */
  async cleanup(): Promise<void> {
    await this.rpi(["down", "--volumes"]).catch(() => undefined);
    await removeLabelled(this.name);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Force-removes every container and network labelled io.rpi.project=<project>. */
export async function removeLabelled(project: string): Promise<void> {
  const filter = `label=${PROJECT_LABEL}=${project}`;
  const containers = (await check("docker", ["ps", "-aq", "--filter", filter]).catch(() => ""))
    .split("\n")
    .filter(Boolean);
  if (containers.length > 0) await check("docker", ["rm", "-f", ...containers]).catch(() => "");
  const networks = (
    await check("docker", ["network", "ls", "-q", "--filter", filter]).catch(() => "")
  )
    .split("\n")
    .filter(Boolean);
  if (networks.length > 0) await check("docker", ["network", "rm", ...networks]).catch(() => "");
}

/** A short unique name for bench projects, so concurrent runs (and other users' projects) never meet. */
export function benchPrefix(): string {
  return `bench${Math.random().toString(36).slice(2, 7)}`;
}
