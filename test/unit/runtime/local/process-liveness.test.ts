import { strict as assert } from "node:assert";
import { isSameProcess, type ProcReader } from "../../../../src/runtime/local/process-liveness.js";

function fakeProc(processes: Record<number, string[] | null>): ProcReader {
  return {
    exists: (pid) => pid in processes,
    cmdline: (pid) => processes[pid] ?? null,
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

  it("does not count a zombie, whose cmdline is empty", () => {
    assert.equal(isSameProcess(42, "qemu-system-aarch64", fakeProc({ 42: [] })), false);
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
