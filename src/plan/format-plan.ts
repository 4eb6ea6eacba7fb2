import { operationTarget, type Plan } from "./plan.js";

/** The plan as text, one line an operation: `machine:web  recreate  config changed: memory`. */
export function formatPlan(plan: Plan): string {
  if (plan.operations.length === 0) {
    return `project ${plan.project}: no machines\n`;
  }
  const rows = plan.operations.map((operation) => [
    `machine:${operationTarget(operation)}`,
    operation.kind,
    operation.cause,
  ]);
  const widths = [0, 1].map((column) => Math.max(...rows.map((row) => row[column].length)));
  const lines = rows.map((row) =>
    [row[0].padEnd(widths[0]), row[1].padEnd(widths[1]), row[2]].join("  "),
  );
  return `project ${plan.project}\n${lines.join("\n")}\n`;
}
