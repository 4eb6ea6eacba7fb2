import type { ProjectConfig } from "../config/types.js";
import { changedFiles, type FileKeys } from "../disk/file-keys.js";
import { changedFields, configHash, hashedFields } from "./config-hash.js";
import type { Observed, ObservedMachine } from "./observed.js";
import type { Operation, Plan } from "./plan.js";

export interface ReconcileOptions {
  /** Only these machines (`rpi up web db`); all when empty. */
  only: string[];
  removeOrphans: boolean;
  /** `--force-recreate`: every machine asked for is made anew, changed or not. */
  forceRecreate?: boolean;
  /**
   * The identity keys of the files each machine boots from, now (see file-keys.ts): a machine made
   * from another version of its image or kernel is recreated, as compose recreates a container
   * whose image changed.
   */
  fileKeys?: ReadonlyMap<string, FileKeys>;
}

/** Pure: what `up` must do to turn what runs into what the file says. */
export function reconcile(
  config: ProjectConfig,
  observed: Observed,
  options: ReconcileOptions,
): Plan {
  const byName = new Map(observed.machines.map((machine) => [machine.machine, machine]));
  const wanted = config.machines.filter(
    (machine) => options.only.length === 0 || options.only.includes(machine.name),
  );
  const warnings: Operation[] = [];
  const operations: Operation[] = wanted.map((machine) => {
    const found = byName.get(machine.name);
    if (!found) {
      return { kind: "create", machine, cause: "not created yet" };
    }
    if (options.forceRecreate) {
      return { kind: "recreate", machine, cause: "--force-recreate" };
    }
    if (found.configHash !== configHash(machine)) {
      const fields = changedFields(found.hashedFields, hashedFields(machine));
      const what = fields.length > 0 ? fields.join(", ") : "rpi version";
      return { kind: "recreate", machine, cause: `config changed: ${what}` };
    }
    const rebuilt = changedFiles(found.fileKeys ?? {}, options.fileKeys?.get(machine.name) ?? {});
    if (rebuilt.length > 0 && machine.disk.persist) {
      // Recreating would start it from the new files on a new disk: not without being asked.
      warnings.push({
        kind: "warn",
        name: machine.name,
        cause: `${rebuilt.join(", ")} changed since it was made; it keeps its disk (disk.persist) — \`rpi up --force-recreate ${machine.name}\` starts it afresh from the new files`,
      });
    } else if (rebuilt.length > 0) {
      return { kind: "recreate", machine, cause: `${rebuilt.join(", ")} changed` };
    }
    return operationForExisting(found, machine);
  });
  const names = new Set(config.machines.map((machine) => machine.name));
  for (const orphan of observed.machines.filter((machine) => !names.has(machine.machine))) {
    operations.push(
      options.removeOrphans
        ? { kind: "remove-orphan", name: orphan.machine, cause: "no longer in the file" }
        : {
            kind: "warn-orphan",
            name: orphan.machine,
            cause: "no longer in the file (use --remove-orphans to remove it)",
          },
    );
  }
  return { project: config.name, operations: [...operations, ...warnings] };
}

function operationForExisting(
  found: ObservedMachine,
  machine: ProjectConfig["machines"][number],
): Operation {
  switch (found.state) {
    case "running":
      return found.ready
        ? { kind: "keep", machine, cause: "running, unchanged, ready" }
        : { kind: "wait", machine, cause: "running, not ready yet" };
    case "restarting":
      return { kind: "wait", machine, cause: "restarting" };
    case "paused":
      return { kind: "start", machine, cause: "paused" };
    case "created":
      return { kind: "start", machine, cause: "created, never started" };
    case "exited":
    case "dead":
      return {
        kind: "start",
        machine,
        cause: `${found.state}${found.exitCode === undefined ? "" : ` with code ${found.exitCode}`}`,
      };
  }
}
