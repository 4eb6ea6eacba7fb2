import type { Command } from "commander";
import { ensureManagementKey } from "../../project/management-key.js";
import { withProjectLock } from "../../project/lock.js";
import { forgetRuntime, recordRuntime } from "../../project/runtime-record.js";
import { observe } from "../../runtime/observe.js";
import { reconcile } from "../../plan/reconcile.js";
import { formatPlan } from "../../plan/format-plan.js";
import { isChange, isWarning } from "../../plan/plan.js";
import type { MachineOutcome } from "../../execute/up-tasks.js";
import type { MachinePipeline } from "../../execute/machine-pipeline.js";
import { summaryLine, upExitCode } from "../../report/up-summary.js";
import { quickReadiness } from "../../execute/readiness.js";
import { hostExec } from "../../util/exec.js";
import { parseDurationMs } from "../../config/units.js";
import { ConfigError } from "../../errors.js";
import { machineFileKeys } from "../../disk/file-keys.js";
import type { MachineConfig } from "../../config/types.js";
import { checkMachineNames, openProject, rendererFor } from "../project-session.js";

export interface UpFlags {
  wait: boolean;
  timeout?: string;
  removeOrphans?: boolean;
  forceRecreate?: boolean;
  dryRun?: boolean;
  parallel: string;
}

/** The `rpi up` action; loaded only when this verb runs, so other verbs start fast. */
export async function upAction(names: string[], flags: UpFlags, command: Command): Promise<void> {
  const { config, runtime } = await openProject(command, { checkFiles: true });
  checkMachineNames(config, names);
  const timeoutMs = flags.timeout === undefined ? undefined : durationFlag(flags.timeout);
  const machines = config.machines.map((machine) =>
    timeoutMs === undefined
      ? machine
      : { ...machine, healthcheck: { ...machine.healthcheck, timeoutMs } },
  );
  const project = { ...config, machines };
  const options = {
    only: names,
    removeOrphans: flags.removeOrphans === true,
    forceRecreate: flags.forceRecreate === true,
    fileKeys: await currentFileKeys(project.machines),
  };
  if (flags.dryRun) {
    const observed = await observe(runtime, project, quickReadiness(runtime, project.name));
    process.stdout.write(formatPlan(reconcile(project, observed, options)));
    return;
  }
  await withProjectLock(
    project.dir,
    (pid) =>
      process.stderr.write(`waiting for another rpi (pid ${pid}) working on this project…\n`),
    async () => {
      const observed = await observe(runtime, project, quickReadiness(runtime, project.name));
      const plan = reconcile(project, observed, options);
      for (const warning of plan.operations.filter(isWarning)) {
        process.stderr.write(`warning: machine ${warning.name}: ${warning.cause}\n`);
      }
      if (!plan.operations.some(isChange)) {
        const count = plan.operations.filter((op) => op.kind === "keep").length;
        process.stdout.write(
          `project ${project.name}: nothing to do, ${count} machine${count === 1 ? "" : "s"} ready\n`,
        );
        return;
      }
      // dockerd takes ~0.1 s to create the project network, which only the boot step needs: asked
      // for now, while up loads its modules and prepares the disks (the create-bridge step awaits it).
      const network = runtime.ensureNetwork(project.name, project.internal);
      network.catch(() => undefined);
      let pipeline: MachinePipeline | undefined;
      let outcomes: MachineOutcome[] | undefined;
      try {
        // Loaded only when there is work: a no-op `up` never needs listr2 or the disk and board code.
        const { executeUp, MachinePipeline, preflight, hostFacts, pruneBases } =
          await loadUpModules();
        // DESIGN §8: a port in use or a kernel the board can't run stops `up` before anything is created.
        await preflight(
          plan,
          observed.machines,
          { publishesPorts: runtime.kind === "local" || !project.internal },
          hostFacts,
        );
        const key = await ensureManagementKey(project.dir, hostExec);
        // Later commands ask this runtime, even while it is down (see runtime-record.ts).
        await recordRuntime(project.dir, runtime.kind);
        pipeline = new MachinePipeline(project, runtime, key, network);
        outcomes = await executeUp(plan, pipeline, {
          wait: flags.wait,
          parallel: Math.max(1, Number(flags.parallel) || 1),
          renderer: rendererFor(process.stdout),
        });
        reportOutcomes(outcomes);
        // A whole `up` that went well knows every base its machines use: the others go.
        if (names.length === 0 && outcomes.every((outcome) => outcome.ok)) {
          reportPruned(await pruneBases(project.dir));
        }
      } finally {
        // Stopped before any step (preflight): the network this `up` created goes too.
        if (pipeline) await pipeline.close();
        else if (await network.catch(() => false)) {
          await runtime.removeNetwork(project.name).catch(() => undefined);
        }
        // When every machine failed before its container existed, the project runs nowhere: no record.
        if (!outcomes || outcomes.some((outcome) => !outcome.ok)) {
          const left = await runtime.list(project.name).catch(() => undefined);
          if (left?.length === 0) await forgetRuntime(project.dir);
        }
      }
    },
  );
}

/** What `up` needs once there is work: listr2 and the disk and board code (no other verb loads them). */
async function loadUpModules() {
  const [{ executeUp }, { MachinePipeline }, { preflight }, { hostFacts }, { pruneBases }] =
    await Promise.all([
      import("../../execute/up-tasks.js"),
      import("../../execute/machine-pipeline.js"),
      import("../../plan/preflight.js"),
      import("../../project/host-facts.js"),
      import("../../disk/prune-bases.js"),
    ]);
  return { executeUp, MachinePipeline, preflight, hostFacts, pruneBases };
}

/** The identities of the files each machine is made from, now: the plan sees a rebuilt image. */
async function currentFileKeys(machines: readonly MachineConfig[]) {
  const keys = await Promise.all(
    machines.map(async (machine) => [machine.name, await machineFileKeys(machine)] as const),
  );
  return new Map(keys);
}

function reportPruned({ removed, bytes }: { removed: number; bytes: number }): void {
  if (removed === 0) return;
  const size = `${Math.round(bytes / 2 ** 20)} MiB`;
  process.stdout.write(
    `removed ${removed} prepared base${removed === 1 ? "" : "s"} no machine uses any more (${size} in .rpi/cache/bases)\n`,
  );
}

function durationFlag(text: string): number {
  try {
    return parseDurationMs(text);
  } catch {
    throw new ConfigError(`--timeout ${text}: not a duration`, "write it like 90s, 10m or 1h");
  }
}

/** The summary after the live output: every failure in full, then one line; exit 1 when any failed. */
function reportOutcomes(outcomes: MachineOutcome[]): void {
  const failed = outcomes.filter((outcome) => !outcome.ok);
  for (const outcome of failed) {
    const hint = (outcome.error as { hint?: string } | undefined)?.hint;
    process.stderr.write(
      `\nerror: ${outcome.machine}: ${outcome.error?.message ?? "failed"}\n${hint ? `hint: ${hint}\n` : ""}`,
    );
  }
  process.stdout.write(`\n${summaryLine(outcomes)}\n`);
  const code = upExitCode(outcomes);
  if (code !== 0) process.exitCode = code;
}
