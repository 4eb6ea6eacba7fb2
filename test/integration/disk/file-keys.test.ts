import { strict as assert } from "node:assert";
import { mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { changedFiles, machineFileKeys } from "../../../src/disk/file-keys.js";

describe("machineFileKeys: the identities of the files a machine boots from", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "rpi-file-keys-"));
    await writeFile(join(dir, "pi.img"), Buffer.alloc(4096, 1));
    await writeFile(join(dir, "kernel.img"), Buffer.alloc(1024, 2));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const machine = () => ({ image: join(dir, "pi.img"), kernel: join(dir, "kernel.img") });

  it("has a key per file the machine names, stable while the files stay", async () => {
    const first = await machineFileKeys(machine());
    assert.deepEqual(Object.keys(first).sort(), ["image", "kernel"]);
    assert.deepEqual(await machineFileKeys(machine()), first);
    assert.deepEqual(Object.keys(await machineFileKeys({ image: join(dir, "pi.img") })), ["image"]);
  });

  it("names the file that was rebuilt (a new mtime), and only that one", async () => {
    const before = await machineFileKeys(machine());
    const later = new Date(Date.now() + 60_000);
    await utimes(join(dir, "kernel.img"), later, later);
    assert.deepEqual(changedFiles(before, await machineFileKeys(machine())), ["kernel"]);
    await writeFile(join(dir, "pi.img"), Buffer.alloc(8192, 1));
    assert.deepEqual(changedFiles(before, await machineFileKeys(machine())), ["image", "kernel"]);
  });

  it("keys the public-key files as one, and leaves out files that cannot be read", async () => {
    await writeFile(join(dir, "id.pub"), "ssh-ed25519 AAAA user@host\n");
    const withKeys = { ...machine(), ssh: { authorizedKeys: [join(dir, "id.pub")] } };
    const before = await machineFileKeys(withKeys);
    assert.ok(before["ssh.authorized_keys"]);
    await writeFile(join(dir, "id.pub"), "ssh-ed25519 BBBB other@host\n");
    assert.deepEqual(changedFiles(before, await machineFileKeys(withKeys)), [
      "ssh.authorized_keys",
    ]);
    const missing = { image: join(dir, "pi.img"), kernel: join(dir, "gone.img") };
    assert.deepEqual(Object.keys(await machineFileKeys(missing)), ["image"]);
    await writeFile(join(dir, "empty.img"), "");
    assert.deepEqual(await machineFileKeys({ image: join(dir, "empty.img") }), {});
  });

  it("compares only the files both records have (a machine made before the label: nothing)", () => {
    assert.deepEqual(changedFiles({}, { image: "a" }), []);
    assert.deepEqual(changedFiles({ image: "a", dtb: "d" }, { image: "a" }), []);
  });
});
