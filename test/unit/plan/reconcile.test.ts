import { strict as assert } from "node:assert";
import { configHash, hashedFields } from "../../../src/plan/config-hash.js";
import { formatPlan } from "../../../src/plan/format-plan.js";
import type { ObservedMachine } from "../../../src/plan/observed.js";
import { reconcile } from "../../../src/plan/reconcile.js";
import type { MachineConfig } from "../../../src/config/types.js";
import { machineConfig, projectConfig } from "../../support/machine-config.js";

const all = { only: [], removeOrphans: false };

function observedFrom(
  machine: MachineConfig,
  overrides: Partial<ObservedMachine> = {},
): ObservedMachine {
  return {
    machine: machine.name,
    state: "running",
    configHash: configHash(machine),
    hashedFields: hashedFields(machine),
    ports: [],
    ready: true,
    ...overrides,
  };
}

describe("reconcile", () => {
  const web = machineConfig("web");
  const db = machineConfig("db");

  it("creates every machine of a project that has nothing running", () => {
    const plan = reconcile(projectConfig([web, db]), { machines: [] }, all);
    assert.equal(
      formatPlan(plan),
      [
        "project lab",
        "machine:web  create  not created yet",
        "machine:db   create  not created yet",
        "",
      ].join("\n"),
    );
  });

  it("keeps ready, unchanged machines: a second up is a no-op", () => {
    const plan = reconcile(projectConfig([web]), { machines: [observedFrom(web)] }, all);
    assert.deepEqual(
      plan.operations.map((op) => op.kind),
      ["keep"],
    );
  });

  it("recreates only the machine whose memory changed, and names the field", () => {
    const bigger = { ...web, memory: 1024 };
    const plan = reconcile(
      projectConfig([bigger, db]),
      { machines: [observedFrom(web), observedFrom(db)] },
      all,
    );
    assert.equal(
      formatPlan(plan),
      [
        "project lab",
        "machine:web  recreate  config changed: memory",
        "machine:db   keep      running, unchanged, ready",
        "",
      ].join("\n"),
    );
  });

  it("recreates the machine whose image or kernel was rebuilt since it was made, naming which", () => {
    const plan = reconcile(
      projectConfig([web, db]),
      {
        machines: [
          observedFrom(web, { fileKeys: { image: "image-v1", kernel: "kernel-v1" } }),
          observedFrom(db, { fileKeys: { image: "image-v1" } }),
        ],
      },
      {
        ...all,
        fileKeys: new Map([
          ["web", { image: "image-v2", kernel: "kernel-v2" }],
          ["db", { image: "image-v1" }],
        ]),
      },
    );
    assert.equal(
      formatPlan(plan),
      [
        "project lab",
        "machine:web  recreate  image, kernel changed",
        "machine:db   keep      running, unchanged, ready",
        "",
      ].join("\n"),
    );
  });

  it("keeps a disk.persist machine whose image was rebuilt, and says how to start it afresh", () => {
    const keeper = { ...web, disk: { ...web.disk, persist: true } };
    const plan = reconcile(
      projectConfig([keeper]),
      { machines: [observedFrom(keeper, { fileKeys: { image: "image-v1" } })] },
      { ...all, fileKeys: new Map([["web", { image: "image-v2" }]]) },
    );
    assert.deepEqual(
      plan.operations.map((op) => op.kind),
      ["keep", "warn"],
    );
    assert.match(plan.operations[1].cause, /image changed since it was made; it keeps its disk/);
    assert.match(plan.operations[1].cause, /rpi up --force-recreate web/);
  });

  it("keeps a machine whose files' identities are unknown (made by an older rpi)", () => {
    const plan = reconcile(
      projectConfig([web]),
      { machines: [observedFrom(web)] },
      { ...all, fileKeys: new Map([["web", { image: "image-v2" }]]) },
    );
    assert.deepEqual(
      plan.operations.map((op) => op.kind),
      ["keep"],
    );
  });

  it("recreates every machine asked for with --force-recreate, and creates the missing", () => {
    const plan = reconcile(
      projectConfig([web, db]),
      { machines: [observedFrom(web)] },
      { ...all, forceRecreate: true },
    );
    assert.equal(
      formatPlan(plan),
      [
        "project lab",
        "machine:web  recreate  --force-recreate",
        "machine:db   create    not created yet",
        "",
      ].join("\n"),
    );
  });

  it("does not recreate when only the health-check timeout changed", () => {
    const patient = { ...web, healthcheck: { ssh: true, timeoutMs: 900_000 } };
    const plan = reconcile(projectConfig([patient]), { machines: [observedFrom(web)] }, all);
    assert.deepEqual(
      plan.operations.map((op) => op.kind),
      ["keep"],
    );
  });

  it("starts a machine that exited, with its exit code as the cause", () => {
    const plan = reconcile(
      projectConfig([web]),
      { machines: [observedFrom(web, { state: "exited", exitCode: 137, ready: false })] },
      all,
    );
    assert.equal(formatPlan(plan), "project lab\nmachine:web  start  exited with code 137\n");
  });

  it("waits for a running machine whose guest is not ready yet", () => {
    const plan = reconcile(
      projectConfig([web]),
      { machines: [observedFrom(web, { ready: false })] },
      all,
    );
    assert.equal(formatPlan(plan), "project lab\nmachine:web  wait  running, not ready yet\n");
  });

  it("warns about orphans and removes them only with --remove-orphans", () => {
    const observed = { machines: [observedFrom(web), observedFrom(db)] };
    const warned = reconcile(projectConfig([web]), observed, all);
    assert.equal(
      formatPlan(warned),
      [
        "project lab",
        "machine:web  keep         running, unchanged, ready",
        "machine:db   warn-orphan  no longer in the file (use --remove-orphans to remove it)",
        "",
      ].join("\n"),
    );
    const removed = reconcile(projectConfig([web]), observed, { only: [], removeOrphans: true });
    assert.deepEqual(
      removed.operations.map((op) => `${op.kind}`),
      ["keep", "remove-orphan"],
    );
  });

  it("limits the plan to the machines named on the command line", () => {
    const plan = reconcile(
      projectConfig([web, db]),
      { machines: [] },
      { only: ["db"], removeOrphans: false },
    );
    assert.equal(formatPlan(plan), "project lab\nmachine:db  create  not created yet\n");
  });
});
