import { strict as assert } from "node:assert";
import { createHmac } from "node:crypto";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  forgetHostKey,
  hostKeyAlias,
  knownHostsLineIsFor,
} from "../../../src/project/known-hosts.js";

/** A known_hosts line as OpenSSH writes it with HashKnownHosts yes (Debian's default). */
function hashedLine(host: string, salt = Buffer.from("0123456789abcdefghij")): string {
  const mac = createHmac("sha1", salt).update(host).digest("base64");
  return `|1|${salt.toString("base64")}|${mac} ssh-ed25519 AAAAkey-of-${host}`;
}

describe("known hosts of a project", () => {
  it("matches plain entries by any of their comma-separated names", () => {
    assert.ok(knownHostsLineIsFor("lab-web ssh-ed25519 AAAA", "lab-web"));
    assert.ok(knownHostsLineIsFor("other,lab-web ssh-ed25519 AAAA", "lab-web"));
    assert.ok(!knownHostsLineIsFor("lab-web2 ssh-ed25519 AAAA", "lab-web"));
    assert.ok(!knownHostsLineIsFor("", "lab-web"));
  });

  it("matches entries that OpenSSH hashed (HashKnownHosts yes)", () => {
    assert.ok(knownHostsLineIsFor(hashedLine("lab-web"), "lab-web"));
    assert.ok(!knownHostsLineIsFor(hashedLine("lab-db"), "lab-web"));
  });

  it("forgets a recreated machine's key, hashed or plain, and keeps the others", async () => {
    const dir = await mkdtemp(join(tmpdir(), "rpi-known-hosts-"));
    await mkdir(join(dir, ".rpi"));
    const path = join(dir, ".rpi", "known_hosts");
    const web = hostKeyAlias("lab", "web");
    await writeFile(
      path,
      [
        hashedLine(web),
        hashedLine("lab-db"),
        `${web} ssh-rsa AAAAold`,
        "lab-gw ssh-ed25519 AAAA",
        "",
      ].join("\n"),
    );
    await forgetHostKey(dir, "lab", "web");
    assert.deepEqual((await readFile(path, "utf8")).split("\n"), [
      hashedLine("lab-db"),
      "lab-gw ssh-ed25519 AAAA",
      "",
    ]);
  });

  it("does nothing when the project has no known_hosts yet", async () => {
    const dir = await mkdtemp(join(tmpdir(), "rpi-known-hosts-"));
    await forgetHostKey(dir, "lab", "web");
  });
});
