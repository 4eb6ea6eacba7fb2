import type { MachineOutcome } from "../execute/up-tasks.js";

/**
 * Pure: the last line of `up`. Kept machines were not worked on, so they are counted apart:
 * `1 of 1 machine done, 2 unchanged`.
 */
export function summaryLine(outcomes: readonly MachineOutcome[]): string {
  const worked = outcomes.filter((outcome) => outcome.operation !== "keep");
  const failed = worked.filter((outcome) => !outcome.ok).length;
  const kept = outcomes.length - worked.length;
  const count = worked.length;
  return [
    `${count - failed} of ${count} machine${count === 1 ? "" : "s"} done`,
    ...(failed > 0 ? [`${failed} failed`] : []),
    ...(kept > 0 ? [`${kept} unchanged`] : []),
  ].join(", ");
}

/** Pure: 0 when every machine is done; 2 when all that were worked on failed, for a config reason; else 1. */
export function upExitCode(outcomes: readonly MachineOutcome[]): number {
  const worked = outcomes.filter((outcome) => outcome.operation !== "keep");
  const failed = worked.filter((outcome) => !outcome.ok);
  if (failed.length === 0) return 0;
  const config = failed.some((outcome) => outcome.error?.name === "ConfigError");
  return config && failed.length === worked.length ? 2 : 1;
}
