import { strict as assert } from "node:assert";
import { copyFile, mkdir, mkdtemp, rename, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspectImage } from "../../../src/disk/inspect-image.js";
import { ConfigError } from "../../../src/errors.js";
import { hostExec, runChecked } from "../../../src/util/exec.js";
import { makeDisk, type MadeDisk } from "../../support/make-disk.js";
import { filesUnder } from "./read-back.js";

describe("inspectImage on broken images", function () {
  this.timeout(60_000);
  let disk: MadeDisk;
  let work: string;
  let cacheDir: string;
  before(async () => {
    disk = await makeDisk();
    work = await mkdtemp(join(tmpdir(), "rpi-broken-"));
  });
  beforeEach(async () => {
    cacheDir = join(work, `cache-${Math.random().toString(36).slice(2)}`);
  });
  after(async () => {
    await disk.cleanup();
    await rm(work, { recursive: true, force: true });
  });

  /** Each case makes a file (or folder) at the path and expects this message. */
  const cases: [string, (path: string) => Promise<unknown>, RegExp][] = [
    ["a directory", (p) => mkdir(p), /is a directory, not an SD-card image/],
    ["an empty file", (p) => writeFile(p, ""), /is empty \(0 bytes\)/],
    ["a missing file", async () => undefined, /does not exist/],
    [
      "a file without a partition table",
      (p) => writeFile(p, Buffer.alloc(1024 * 1024, 7)),
      /has no partition table/,
    ],
    [
      "a lone FAT filesystem",
      async (p) => {
        await truncate(await writeFile(p, "").then(() => p), 4 * 1024 * 1024);
        await runChecked(hostExec, "mkfs.vfat", ["-F", "32", p]);
      },
      /is a single FAT filesystem/,
    ],
    [
      "an image with no FAT partition",
      async (p) => {
        await copyFile(disk.path, p);
        await runChecked(hostExec, "sfdisk", ["-q", "--part-type", p, "1", "83"]);
      },
      /has no FAT boot partition \(partitions found: 1:83, 2:83\)/,
    ],
    [
      "an image with no Linux partition",
      async (p) => {
        await copyFile(disk.path, p);
        await runChecked(hostExec, "sfdisk", ["-q", "--part-type", p, "2", "c"]);
      },
      /has no Linux root partition/,
    ],
    [
      "a truncated image",
      async (p) => {
        await copyFile(disk.path, p);
        await truncate(p, 10 * 1024 * 1024);
      },
      /is truncated: partition 2 ends at byte 12582912 but the file has 10485760 bytes/,
    ],
    [
      "a truncated xz download",
      async (p) => {
        await runChecked(hostExec, "bash", [
          "-c",
          `xz -0 -c "$1" | head -c 2000 > "$2"`,
          "-",
          disk.path,
          p,
        ]);
      },
      /looks like a xz image but could not be unpacked/,
    ],
    [
      "a zip without an image inside",
      async (p) => {
        const readme = join(work, "README.txt");
        await writeFile(readme, "no image here\n");
        await runChecked(hostExec, "zip", ["-j", "-q", `${p}.zip`, readme]);
        await rename(`${p}.zip`, p);
      },
      /is a zip archive without an \.img file inside \(it holds: README\.txt\)/,
    ],
  ];

  for (const [name, make, message] of cases) {
    it(`gives a clear ConfigError naming the file for ${name}, and leaves nothing in the cache`, async () => {
      const path = join(work, name.replace(/\W+/g, "-"));
      await make(path);
      await assert.rejects(inspectImage(path, hostExec, { cacheDir }), (e: unknown) => {
        assert.ok(e instanceof ConfigError, String(e));
        assert.ok(e.message.startsWith(path), e.message);
        assert.match(e.message, message);
        assert.ok(e.hint, "a hint says what to do");
        return true;
      });
      assert.deepEqual(await filesUnder(cacheDir), []);
    });
  }
});
