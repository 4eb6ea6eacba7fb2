import { strict as assert } from "node:assert";
import { ConfigError, RuntimeError } from "../../../src/errors.js";
import { executeUp, explainFailure } from "../../../src/execute/up-tasks.js";
import type { MachineSteps } from "../../../src/execute/machine-steps.js";
import type { Plan } from "../../../src/plan/plan.js";
import { machineConfig } from "../../support/machine-config.js";

/** Steps that record what they were asked, and fail for the machines named in `failing`. */
function fakeSteps(failing: Record<string, Error> = {}): MachineSteps & { calls: string[] } {
  const calls: string[] = [];
  const step = (name: string, machine?: string) => {
    calls.push(machine ? `${machine}: ${name}` : name);
    const error = machine ? failing[machine] : undefined;
    return error ? Promise.reject(error) : Promise.resolve("ok");
  };
  return {
    calls,
    buildImage: () => step("build image"),
    preparePartitions: (m) => step("prepare partitions", m.name),
    createBridge: () => step("create bridge"),
    boot: (m, how) => step(`boot ${how}`, m.name),
    healthCheck: (m) => step("health-check", m.name),
    removeOrphan: (name) => step("remove orphan", name).then(() => undefined),
  };
}

const options = { wait: true, parallel: 1, renderer: "silent" as const };

describe("executeUp", () => {
  it("runs the five steps of a created machine, only boot and health-check of a started one, nothing of a kept one", async () => {
    const steps = fakeSteps();
    const plan: Plan = {
      project: "lab",
      operations: [
        { kind: "create", machine: machineConfig("web"), cause: "not created yet" },
        { kind: "start", machine: machineConfig("db"), cause: "exited with code 137" },
        { kind: "keep", machine: machineConfig("gw"), cause: "running, unchanged, ready" },
      ],
    };
    const outcomes = await executeUp(plan, steps, options);
    assert.deepEqual(steps.calls, [
      "build image",
      "web: prepare partitions",
      "create bridge",
      "web: boot create",
      "web: health-check",
      "db: boot start",
      "db: health-check",
    ]);
    assert.deepEqual(
      outcomes.map((o) => `${o.machine} ${o.operation} ${o.ok}`),
      ["web create true", "db start true", "gw keep true"],
    );
  });

  it("goes on with the other machines when one fails, and records why", async () => {
    const broken = new ConfigError("web.img has no partition table", "give a whole SD-card image");
    const steps = fakeSteps({ web: broken });
    const plan: Plan = {
      project: "lab",
      operations: [
        { kind: "create", machine: machineConfig("web"), cause: "" },
        { kind: "create", machine: machineConfig("db"), cause: "" },
      ],
    };
    const outcomes = await executeUp(plan, steps, options);
    assert.equal(outcomes[0].ok, false);
    assert.equal(outcomes[0].error, broken);
    assert.equal(outcomes[1].ok, true);
    assert.ok(steps.calls.includes("db: health-check"));
    assert.ok(!steps.calls.includes("web: boot create"));
  });

  it("skips the health check with --no-wait", async () => {
    const steps = fakeSteps();
    const plan: Plan = {
      project: "lab",
      operations: [{ kind: "start", machine: machineConfig("web"), cause: "" }],
    };
    await executeUp(plan, steps, { ...options, wait: false });
    assert.deepEqual(steps.calls, ["web: boot start"]);
  });
});

describe("explainFailure", () => {
  it("gives a full disk a hint about where to free space", () => {
    const explained = explainFailure(
      new RuntimeError("cp a b failed (exit 1): cp: error writing 'b': No space left on device"),
    );
    assert.ok(explained instanceof RuntimeError);
    assert.match(
      explained.hint ?? "",
      /free space on the disk that holds the project's \.rpi\/ folder/,
    );
    const node = Object.assign(new Error("ENOSPC: no space left on device, write"), {
      code: "ENOSPC",
    });
    assert.match((explainFailure(node) as RuntimeError).hint ?? "", /free space/);
  });

  it("leaves other errors, and errors that have a hint, as they are", () => {
    const config = new ConfigError("bad", "fix it");
    assert.equal(explainFailure(config), config);
    const hinted = new RuntimeError("No space left on device", "already explained");
    assert.equal(explainFailure(hinted), hinted);
    assert.equal(explainFailure("boom").message, "boom");
  });
});
