import { strict as assert } from "node:assert";
import { ConfigError, RuntimeError } from "../../../src/errors.js";
import type { MachineOutcome } from "../../../src/execute/up-tasks.js";
import { summaryLine, upExitCode } from "../../../src/report/up-summary.js";

const done = (
  machine: string,
  operation: MachineOutcome["operation"] = "create",
): MachineOutcome => ({
  machine,
  operation,
  ok: true,
});
const failed = (machine: string, error: Error): MachineOutcome => ({
  machine,
  operation: "create",
  ok: false,
  error,
});

describe("up's summary", () => {
  it("counts the machines worked on, and the kept ones apart", () => {
    assert.equal(summaryLine([done("web")]), "1 of 1 machine done");
    assert.equal(
      summaryLine([done("gw", "keep"), done("web", "recreate"), done("db", "keep")]),
      "1 of 1 machine done, 2 unchanged",
    );
    assert.equal(
      summaryLine([done("web"), failed("db", new RuntimeError("boot failed")), done("gw", "keep")]),
      "1 of 2 machines done, 1 failed, 1 unchanged",
    );
  });

  it("exits 0 when all are done, 2 when every machine worked on failed for a config reason, else 1", () => {
    const bad = new ConfigError("no partition table");
    assert.equal(upExitCode([done("web"), done("gw", "keep")]), 0);
    assert.equal(upExitCode([failed("web", bad), done("gw", "keep")]), 2);
    assert.equal(upExitCode([failed("web", bad), done("db")]), 1);
    assert.equal(upExitCode([failed("web", new RuntimeError("timeout"))]), 1);
  });
});
