import { strict as assert } from "node:assert";
import { isSameProcess, type ProcReader } from "../../../../src/runtime/local/process-liveness.js";

/** A fake /proc: each pid's cmdline (null: no /proc) and its state letter (default R). */
function fakeProc(
  processes: Record<number, string[] | null>,
  states: Record<number, string> = {},
): ProcReader {
  return {
    exists: (pid) => pid in processes,
    cmdline: (pid) => processes[pid] ?? null,
    state: (pid) => (processes[pid] === null ? null : (states[pid] ?? "R")),
  };
}

describe("local runtime: process liveness", () => {
  it("counts a live process that still runs the recorded program", () => {
    assert.equal(
      isSameProcess(
        42,
        "qemu-system-aarch64",
        fakeProc({ 42: ["qemu-system-aarch64", "-M", "virt"] }),
      ),
      true,
    );
  });

  it("matches the program by name when one side has a path", () => {
    assert.equal(
      isSameProcess(42, "qemu-system-arm", fakeProc({ 42: ["/usr/bin/qemu-system-arm"] })),
      true,
    );
  });

  it("does not count a reused pid that runs another program", () => {
    assert.equal(isSameProcess(42, "qemu-system-aarch64", fakeProc({ 42: ["bash"] })), false);
  });

  it("does not count a zombie", () => {
    assert.equal(
      isSameProcess(42, "qemu-system-aarch64", fakeProc({ 42: [] }, { 42: "Z" })),
      false,
    );
  });

  it("counts a process in the middle of exec, whose cmdline is briefly empty", () => {
    assert.equal(isSameProcess(42, "qemu-system-aarch64", fakeProc({ 42: [] }, { 42: "R" })), true);
  });

  it("does not count a pid that no longer exists", () => {
    assert.equal(isSameProcess(42, "qemu-system-aarch64", fakeProc({})), false);
  });

  it("does not count a machine that was never started", () => {
    assert.equal(
      isSameProcess(undefined, "qemu-system-aarch64", fakeProc({ 42: ["qemu-system-aarch64"] })),
      false,
    );
  });

  it("trusts the pid alone where there is no /proc", () => {
    assert.equal(isSameProcess(42, "qemu-system-aarch64", fakeProc({ 42: null })), true);
  });
});
