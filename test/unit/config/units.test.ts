import { deepStrictEqual, equal } from "node:assert/strict";
import { errnoProblem } from "../../../src/config/check-files.js";
import { didYouMean } from "../../../src/config/did-you-mean.js";
import { memoryRule } from "../../../src/boards/memory.js";
import {
  parseDurationMs,
  parseMemoryMiB,
  parsePort,
  parseSizeBytes,
} from "../../../src/config/units.js";

describe("config units and helpers", () => {
  it("reads memory sizes in MiB", () => {
    deepStrictEqual(
      [256, "256", "512M", "1G", "2GiB", "64Mi"].map(parseMemoryMiB),
      [256, 256, 512, 1024, 2048, 64],
    );
  });

  it("reads disk sizes in bytes (a bare number is MiB)", () => {
    deepStrictEqual([1, "64K", "1T"].map(parseSizeBytes), [1024 ** 2, 64 * 1024, 1024 ** 4]);
  });

  it("reads durations in ms", () => {
    deepStrictEqual(
      ["250ms", "90s", "10m", "1h"].map(parseDurationMs),
      [250, 90_000, 600_000, 3_600_000],
    );
  });

  it("rejects a host address with an octet over 255", () => {
    deepStrictEqual(parsePort("256.0.0.1:80:80"), { error: '"256.0.0.1" is not an IPv4 address' });
  });

  it("suggests within edit distance 2 only, preferring a longer form of the word", () => {
    equal(didYouMean("raspi3", ["raspi0", "raspi3b"]), "raspi3b");
    equal(didYouMean("helthcheck", ["healthcheck"]), "healthcheck");
    equal(didYouMean("colour", ["image", "kernel"]), undefined);
  });

  it("says permission denied for EACCES (root reads anything, so this case is tested here)", () => {
    equal(errnoProblem("EACCES"), "is not readable (permission denied)");
  });

  it("memory rules follow DESIGN §3", () => {
    const rule = (board: Parameters<typeof memoryRule>[0]) => {
      const r = memoryRule(board);
      return [r.default, r.description, [64, 256, 512, 768, 1024, 2048].filter((m) => r.allows(m))];
    };
    deepStrictEqual(rule("versatilepb"), [256, "at most 256", [64, 256]]);
    deepStrictEqual(rule("raspi0"), [512, "exactly 512", [512]]);
    deepStrictEqual(rule("raspi1ap"), [512, "exactly 512", [512]]);
    deepStrictEqual(rule("raspi2b"), [1024, "exactly 1024", [1024]]);
    deepStrictEqual(rule("raspi3ap"), [512, "exactly 512", [512]]);
    deepStrictEqual(rule("raspi3b"), [1024, "exactly 1024", [1024]]);
    deepStrictEqual(rule("raspi4b"), [2048, "exactly 2048", [2048]]);
    deepStrictEqual(rule("virt"), [1024, "at least 64", [64, 256, 512, 768, 1024, 2048]]);
  });
});
