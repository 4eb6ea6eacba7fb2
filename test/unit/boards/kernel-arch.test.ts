import { deepStrictEqual, throws } from "node:assert/strict";
import { ConfigError } from "../../../src/errors.js";
import { detectKernelArch } from "../../../src/boards/kernel-arch.js";

/** A 64-byte header with `bytes` written at `offset`. */
function header(offset: number, bytes: number[]): Buffer {
  const b = Buffer.alloc(64);
  Buffer.from(bytes).copy(b, offset);
  return b;
}

describe("detectKernelArch", () => {
  it("reads an arm64 Image from its ARM\\x64 magic at 0x38", () => {
    deepStrictEqual(detectKernelArch(header(0x38, [0x41, 0x52, 0x4d, 0x64])), "aarch64");
  });

  it("reads an arm zImage from 0x016f2818 (little-endian) at 0x24", () => {
    deepStrictEqual(detectKernelArch(header(0x24, [0x18, 0x28, 0x6f, 0x01])), "arm");
  });

  it("returns undefined for anything else, and for a header too short to hold a magic", () => {
    deepStrictEqual(detectKernelArch(Buffer.alloc(64)), undefined);
    deepStrictEqual(detectKernelArch(header(0x24, [0x01, 0x6f, 0x28, 0x18])), undefined);
    deepStrictEqual(detectKernelArch(Buffer.from("ARM")), undefined);
  });

  it("says a gzip-compressed Image is unsupported and how to unpack it", () => {
    throws(
      () => detectKernelArch(header(0, [0x1f, 0x8b, 0x08]), "/k/Image.gz"),
      (e: unknown) =>
        e instanceof ConfigError &&
        /gzip/.test(e.message) &&
        /gunzip -c \/k\/Image.gz/.test(e.hint ?? ""),
    );
  });
});
