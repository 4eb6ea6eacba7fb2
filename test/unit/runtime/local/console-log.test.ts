import { strict as assert } from "node:assert";
import { lastLines } from "../../../../src/runtime/local/console-log.js";

describe("local runtime: console tail", () => {
  const table: [string, string, number, string][] = [
    ["the last lines of a text", "a\nb\nc\n", 2, "b\nc\n"],
    ["every line when fewer exist than asked", "a\nb\n", 5, "a\nb\n"],
    ["an unfinished last line as a line", "a\nb\nbooting", 2, "b\nbooting"],
    ["nothing for zero lines", "a\nb\n", 0, ""],
    ["nothing for an empty console", "", 3, ""],
    ["empty lines as lines", "a\n\n\n", 2, "\n\n"],
  ];
  for (const [what, text, count, expected] of table) {
    it(`returns ${what}`, () => {
      assert.equal(lastLines(text, count), expected);
    });
  }
});
