import { strict as assert } from "node:assert";
import { RuntimeError } from "../../../../src/errors.js";
import { checkHostQemu, qemuVersion } from "../../../../src/runtime/local/qemu-check.js";
import type { Exec } from "../../../../src/util/exec.js";

const VERSION =
  "QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)\nCopyright (c) 2003-2022\n";

describe("local runtime: QEMU on the host", () => {
  it("reads the version from --version output", () => {
    assert.equal(qemuVersion(VERSION), "7.2.22");
    assert.equal(qemuVersion("something else"), undefined);
  });

  it("reports the QEMU version when both emulators run", async () => {
    const exec: Exec = { run: async () => ({ stdout: VERSION, stderr: "", exitCode: 0 }) };
    assert.deepEqual(await checkHostQemu(exec), {
      built: false,
      detail: "QEMU 7.2.22 on the host",
    });
  });

  it("names the missing emulator and how to install it", async () => {
    const exec: Exec = {
      run: async (file) => {
        if (file === "qemu-system-arm") throw new RuntimeError(`${file} was not found`);
        return { stdout: VERSION, stderr: "", exitCode: 0 };
      },
    };
    await assert.rejects(checkHostQemu(exec), (error: RuntimeError) => {
      assert.ok(error instanceof RuntimeError);
      assert.equal(error.message, "qemu-system-arm was not found");
      assert.match(error.hint ?? "", /apt-get install qemu-system-arm qemu-utils/);
      return true;
    });
  });

  it("says an emulator that exits non-zero does not run", async () => {
    const exec: Exec = {
      run: async () => ({
        stdout: "",
        stderr: "error while loading shared libraries",
        exitCode: 127,
      }),
    };
    await assert.rejects(
      checkHostQemu(exec),
      /qemu-system-aarch64 does not run \(exit 127: error while loading/,
    );
  });
});
