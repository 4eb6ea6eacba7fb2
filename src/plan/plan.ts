import type { MachineConfig } from "../config/types.js";

/** What `up` does to one machine, and why. */
export type Operation =
  | { kind: "create"; machine: MachineConfig; cause: string }
  | { kind: "recreate"; machine: MachineConfig; cause: string }
  | { kind: "start"; machine: MachineConfig; cause: string }
  | { kind: "wait"; machine: MachineConfig; cause: string }
  | { kind: "keep"; machine: MachineConfig; cause: string }
  | { kind: "remove-orphan"; name: string; cause: string }
  | { kind: "warn-orphan"; name: string; cause: string }
  /** Something the user should know about a machine the plan leaves as it is. */
  | { kind: "warn"; name: string; cause: string };

export type OperationKind = Operation["kind"];

export interface Plan {
  project: string;
  operations: Operation[];
}

/** The machine name an operation is about. */
export function operationTarget(operation: Operation): string {
  return "machine" in operation ? operation.machine.name : operation.name;
}

/** Warnings: shown, never executed. */
export function isWarning(
  operation: Operation,
): operation is Extract<Operation, { kind: "warn" | "warn-orphan" }> {
  return operation.kind === "warn" || operation.kind === "warn-orphan";
}

/** Operations that change something (everything but keep and warnings). */
export function isChange(operation: Operation): boolean {
  return operation.kind !== "keep" && !isWarning(operation);
}

/** Operations that end with a booted machine to wait for. */
export function needsBoot(
  operation: Operation,
): operation is Extract<Operation, { kind: "create" | "recreate" | "start" | "wait" }> {
  return (
    operation.kind === "create" ||
    operation.kind === "recreate" ||
    operation.kind === "start" ||
    operation.kind === "wait"
  );
}
