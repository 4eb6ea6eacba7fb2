import { strict as assert } from "node:assert";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readAuthorizedKeys } from "../../../src/disk/read-keys.js";
import { ConfigError } from "../../../src/errors.js";

describe("readAuthorizedKeys", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "rpi-keys-"));
    await writeFile(join(dir, "id.pub"), "ssh-ed25519 AAAA me@host\n");
    await writeFile(join(dir, "id"), "-----BEGIN OPENSSH PRIVATE KEY-----\nxx\n");
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it("returns the text of each public-key file in order", async () => {
    assert.deepEqual(await readAuthorizedKeys("web", [join(dir, "id.pub")]), [
      "ssh-ed25519 AAAA me@host\n",
    ]);
  });

  it("names the machine and file when a key file is missing", async () => {
    await assert.rejects(
      readAuthorizedKeys("web", [join(dir, "nope.pub")]),
      (e: unknown) =>
        e instanceof ConfigError &&
        /machine web: .*nope\.pub cannot be read \(ENOENT\)/.test(e.message),
    );
  });

  it("refuses a private key, which must never be copied into an image", async () => {
    await assert.rejects(
      readAuthorizedKeys("web", [join(dir, "id")]),
      (e: unknown) => e instanceof ConfigError && /is a private key/.test(e.message),
    );
  });
});
