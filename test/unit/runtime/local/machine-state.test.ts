import { strict as assert } from "node:assert";
import {
  observedState,
  parseMachineState,
  parseNumberFile,
  type MachineState,
} from "../../../../src/runtime/local/machine-state.js";

const valid: MachineState = {
  labels: { "io.rpi.project": "demo", "io.rpi.machine": "web" },
  command: ["qemu-system-aarch64", "-M", "virt"],
  ports: [{ hostIp: "127.0.0.1", hostPort: 2222, guestPort: 22, protocol: "tcp" }],
  network: "user",
  stopGraceSeconds: 20,
  createdAt: "2026-01-01T00:00:00.000Z",
};

describe("local runtime: state.json", () => {
  it("reads back what was written", () => {
    assert.deepEqual(parseMachineState(JSON.stringify(valid)), { state: valid });
  });

  it("keeps the pids and start time of a started machine", () => {
    const started = { ...valid, wrapperPid: 10, pid: 11, startedAt: "2026-01-01T00:00:01.000Z" };
    assert.deepEqual(parseMachineState(JSON.stringify(started)), { state: started });
  });

  const broken: [string, unknown, RegExp][] = [
    ["text that is not JSON", "{", /not JSON/],
    ["labels that are not strings", { ...valid, labels: { a: 1 } }, /labels/],
    ["an empty command", { ...valid, command: [] }, /command/],
    [
      "a port without a protocol",
      { ...valid, ports: [{ hostIp: "", hostPort: 1, guestPort: 2 }] },
      /ports/,
    ],
    ["an unknown network mode", { ...valid, network: "host" }, /network: unknown mode host/],
    ["a pid that is not a number", { ...valid, pid: "12" }, /pid/],
    ["no creation time", { ...valid, createdAt: undefined }, /createdAt/],
  ];
  for (const [what, value, message] of broken) {
    it(`says what is wrong with ${what}`, () => {
      const parsed = parseMachineState(typeof value === "string" ? value : JSON.stringify(value));
      assert.ok("error" in parsed, "expected an error");
      assert.match(parsed.error, message);
    });
  }

  it("reads a pid or exit file only once it holds a whole number", () => {
    assert.equal(parseNumberFile("1234\n"), 1234);
    assert.equal(parseNumberFile("0\n"), 0);
    assert.equal(parseNumberFile(""), undefined);
    assert.equal(parseNumberFile("12ab"), undefined);
  });
});

describe("local runtime: observed state", () => {
  const started = { ...valid, pid: 11, wrapperPid: 10 };

  it("is created while the machine was never started", () => {
    assert.equal(observedState(valid, false, undefined, false), "created");
  });
  it("is running while its process lives", () => {
    assert.equal(observedState(started, true, undefined, true), "running");
  });
  it("is exited once the wrapper recorded an exit code", () => {
    assert.equal(observedState(started, false, 3, false), "exited");
  });
  it("is exited while the wrapper is still writing the exit code", () => {
    assert.equal(observedState(started, false, undefined, true), "exited");
  });
  it("is dead when the process ended and no wrapper is left to record how", () => {
    assert.equal(observedState(started, false, undefined, false), "dead");
  });
});
