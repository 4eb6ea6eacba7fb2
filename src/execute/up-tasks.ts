import { Listr, PRESET_TIMER, type ListrTask } from "listr2";
import { isWarning, needsBoot, operationTarget, type Operation, type Plan } from "../plan/plan.js";
import { RuntimeError } from "../errors.js";
import type { MachineSteps } from "./machine-steps.js";

export interface UpOptions {
  /** Wait for readiness (the default); `--no-wait` stops after boot. */
  wait: boolean;
  parallel: number;
  renderer: "default" | "simple" | "test" | "silent";
}

export interface MachineOutcome {
  machine: string;
  operation: Operation["kind"];
  ok: boolean;
  error?: Error;
}

/** Walks the plan: one task per machine, run concurrently; decides nothing, does what the plan says. */
export async function executeUp(
  plan: Plan,
  steps: MachineSteps,
  options: UpOptions,
): Promise<MachineOutcome[]> {
  const outcomes: MachineOutcome[] = [];
  const tasks = plan.operations
    .filter((operation) => !isWarning(operation))
    .map((operation): ListrTask => {
      const outcome: MachineOutcome = {
        machine: operationTarget(operation),
        operation: operation.kind,
        ok: true,
      };
      outcomes.push(outcome);
      return {
        title: `${outcome.machine}: ${operation.kind} (${operation.cause})`,
        task: async (_ctx, task) =>
          task.newListr(recording(outcome, machineSubtasks(operation, steps, options)), {
            concurrent: false,
            exitOnError: true,
          }),
      };
    });
  // Registered before listr2's own handler, so it runs first (listr2's ends the process).
  process.once("SIGINT", sayInterrupted);
  const list = new Listr(tasks, {
    concurrent: Math.max(1, options.parallel),
    exitOnError: false,
    collectErrors: "minimal",
    renderer: options.renderer,
    fallbackRenderer: "simple",
    rendererOptions: { timer: PRESET_TIMER, collapseSubtasks: false },
    fallbackRendererOptions: { timer: PRESET_TIMER },
  });
  // One machine's failure must not stop the others: errors are recorded per machine instead.
  try {
    await list.run().catch(() => undefined);
  } finally {
    process.removeListener("SIGINT", sayInterrupted);
  }
  return outcomes;
}

/**
 * Ctrl-C during `up`: listr2 ends its renderer and the process with exit 127 (a shell's "command
 * not found"). Say what is left and how to go on, and exit 130 as shells expect of an interrupt.
 */
function sayInterrupted(): void {
  process.stderr.write(
    "\ninterrupted: machines already started keep running; `rpi status` shows them, `rpi up` again picks up where this stopped, `rpi down` removes them\n",
  );
  process.once("exit", () => {
    if (process.exitCode === 127) process.exitCode = 130;
  });
}

/** Marks the machine's outcome failed when one of its steps throws. */
function recording(outcome: MachineOutcome, subtasks: ListrTask[]): ListrTask[] {
  return subtasks.map((subtask) => ({
    ...subtask,
    task: async (ctx, task) => {
      try {
        return await subtask.task(ctx, task);
      } catch (error) {
        outcome.ok = false;
        outcome.error = explainFailure(error);
        throw error;
      }
    },
  }));
}

const DISK_FULL = /No space left on device|ENOSPC/;

/**
 * Pure: a step's error as the summary shows it. A full disk (a tool's "No space left on device",
 * or Node's ENOSPC) gets a hint saying what to free, the only thing the user can do about it.
 */
export function explainFailure(error: unknown): Error {
  const failure = error instanceof Error ? error : new Error(String(error));
  const hint = (failure as { hint?: string }).hint;
  const code = (failure as NodeJS.ErrnoException).code;
  if (hint === undefined && (code === "ENOSPC" || DISK_FULL.test(failure.message))) {
    return new RuntimeError(
      failure.message,
      "free space on the disk that holds the project's .rpi/ folder (`df -h .rpi`), then run `rpi up` again",
    );
  }
  return failure;
}

function machineSubtasks(
  operation: Operation,
  steps: MachineSteps,
  options: UpOptions,
): ListrTask[] {
  if (operation.kind === "remove-orphan") {
    return [{ title: "remove", task: () => steps.removeOrphan(operation.name) }];
  }
  if (!needsBoot(operation)) {
    return [];
  }
  const machine = operation.machine;
  const fresh = operation.kind === "create" || operation.kind === "recreate";
  return [
    {
      title: "build image",
      enabled: fresh,
      task: async (_ctx, task) => {
        task.title = `build image: ${await steps.buildImage()}`;
      },
    },
    {
      title: "prepare partitions",
      enabled: fresh,
      task: async (_ctx, task) => {
        task.title = `prepare partitions: ${await steps.preparePartitions(machine, (line) => (task.output = line))}`;
      },
    },
    {
      title: "create bridge",
      enabled: fresh,
      task: async (_ctx, task) => {
        task.title = `create bridge: ${await steps.createBridge()}`;
      },
    },
    {
      title: "boot",
      enabled: operation.kind !== "wait",
      task: async (_ctx, task) => {
        const how = operation.kind === "wait" ? "start" : operation.kind;
        task.title = `boot: ${await steps.boot(machine, how)}`;
      },
    },
    {
      title: "health-check",
      enabled: options.wait,
      task: async (_ctx, task) => {
        task.title = `health-check: ${await steps.healthCheck(machine, (line) => (task.output = line))}`;
      },
    },
  ];
}
