import { strict as assert } from "node:assert";
import { detectImageFormat } from "../../../src/disk/image-format.js";

describe("detectImageFormat", () => {
  const cases: [string, number[], string][] = [
    ["qcow2 magic QFI\\xfb", [0x51, 0x46, 0x49, 0xfb, 0, 0, 0, 3], "qcow2"],
    ["xz magic", [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0, 0], "xz"],
    ["gzip magic", [0x1f, 0x8b, 8, 0, 0, 0, 0, 0], "gzip"],
    ["zip local header", [0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0], "zip"],
    ["anything else (an MBR's boot code)", [0xfa, 0xb8, 0, 0x10, 0x8e, 0xd0, 0, 0], "raw"],
    ["zeros", [0, 0, 0, 0, 0, 0, 0, 0], "raw"],
  ];
  for (const [name, bytes, format] of cases) {
    it(`tells ${format} from its first bytes: ${name}`, () => {
      assert.equal(detectImageFormat(Buffer.from(bytes)), format);
    });
  }
});
