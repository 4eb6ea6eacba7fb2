import type { Summary } from "./stats.js";

/** One line of the results: a figure (or a part of one) with its median, spread and goal. */
export interface Row extends Summary {
  /** The figure this row belongs to (P1…P7, V, B, or "info"). */
  figure: string;
  /** The figure's own row (shows its id and goal verdict), rather than a part of it. */
  main?: boolean;
  what: string;
  unit: "s" | "×" | "MB";
  goal?: { op: "≤" | "≥"; value: number };
}

/** Whether a row's median meets its goal (rows without a goal always do). */
export function meets(row: Row): boolean {
  if (!row.goal) return true;
  return row.goal.op === "≤" ? row.median <= row.goal.value : row.median >= row.goal.value;
}

function number(value: number, unit: Row["unit"]): string {
  if (Number.isNaN(value)) return "–";
  if (unit === "MB") return value.toFixed(0);
  if (unit === "×") return value.toFixed(2);
  return value < 1 ? value.toFixed(3) : value.toFixed(2);
}

function withUnit(value: number, unit: Row["unit"]): string {
  const text = number(value, unit);
  return unit === "×" ? `${text}×` : `${text} ${unit}`;
}

/** A Markdown table (readable as is in a terminal), rows grouped by figure in `order`. */
export function formatTable(rows: Row[], order: (figure: string) => number): string {
  const sorted = rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => order(a.row.figure) - order(b.row.figure) || a.index - b.index)
    .map(({ row }) => row);
  const cells = sorted.map((row) => [
    row.main ? row.figure : "",
    row.what,
    withUnit(row.median, row.unit),
    row.n > 1 ? `${number(row.min, row.unit)}–${number(row.max, row.unit)}` : "",
    String(row.n),
    row.goal ? `${row.goal.op} ${row.goal.value}${row.unit === "×" ? "×" : ` ${row.unit}`}` : "",
    row.goal ? (meets(row) ? "pass" : "**FAIL**") : "",
  ]);
  const header = ["fig", "measure", "median", "spread (min–max)", "n", "goal", "result"];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i])).join(" | ")} |`;
  const rule = `|${widths.map((w, i) => (i >= 2 && i <= 4 ? "-".repeat(w + 1) + ":" : "-".repeat(w + 2))).join("|")}|`;
  return [line(header), rule, ...cells.map(line)].join("\n");
}
