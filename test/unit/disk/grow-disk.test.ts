import { strict as assert } from "node:assert";
import { ConfigError } from "../../../src/errors.js";
import { nextPowerOfTwo, targetDiskSize } from "../../../src/disk/grow-disk.js";

const MiB = 1024 * 1024;

describe("targetDiskSize", () => {
  const cases: [string, Parameters<typeof targetDiskSize>, number][] = [
    ["SD board: the next power of two of the image", ["raspi3b", 2700 * MiB], 4096 * MiB],
    ["SD board: an image already a power of two stays", ["raspi2b", 128 * MiB], 128 * MiB],
    [
      "SD board: disk.size larger than the image, rounded up",
      ["raspi0", 12 * MiB, 100 * MiB],
      128 * MiB,
    ],
    ["virt: the image size when disk.size is not set", ["virt", 12 * MiB], 12 * MiB],
    ["virt: exactly disk.size when larger", ["virt", 12 * MiB, 100 * MiB], 100 * MiB],
    ["versatilepb: never rounded", ["versatilepb", 3000 * MiB], 3000 * MiB],
  ];
  for (const [name, args, expected] of cases) {
    it(name, () => assert.equal(targetDiskSize(...args), expected));
  }

  it("refuses a disk.size smaller than the image: disks grow, never shrink", () => {
    assert.throws(() => targetDiskSize("virt", 100 * MiB, 10 * MiB), ConfigError);
  });

  it("nextPowerOfTwo rounds up and keeps powers of two", () => {
    assert.deepEqual([1, 3, 4, 5, 4097].map(nextPowerOfTwo), [1, 4, 4, 8, 8192]);
  });
});
