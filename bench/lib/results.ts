import { ratio, summarize } from "./stats.js";
import type { Row } from "./table.js";

/** A side of a ratio figure: what was measured, and its samples in ms. */
export interface Side {
  what: string;
  ms: number[];
}

/** The rows of the results table (and extra Markdown sections), as the phases measure them. */
export class Results {
  readonly rows: Row[] = [];
  readonly sections: string[] = [];

  /** A figure (main) or a part of one, from samples in ms, shown in seconds. */
  seconds(figure: string, what: string, ms: number[], goal?: Row["goal"], main = false): void {
    const summary = summarize(ms.map((x) => x / 1000));
    this.rows.push({ figure, main, what, ...summary, unit: "s", goal });
  }

  /**
   * A figure dividing two measured quantities (median ÷ median; spread over the per-repetition
   * ratios), with a row for each side.
   */
  ratio(figure: string, what: string, goal: Row["goal"], top: Side, bottom: Side): void {
    this.rows.push({ figure, main: true, what, ...ratio(top.ms, bottom.ms), unit: "×", goal });
    this.seconds(figure, `  ${top.what}`, top.ms);
    this.seconds(figure, `  ${bottom.what}`, bottom.ms);
  }

  add(row: Row): void {
    this.rows.push(row);
  }
}
