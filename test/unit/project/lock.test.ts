import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { withProjectLock } from "../../../src/project/lock.js";
import { lockPath } from "../../../src/project/paths.js";

const project = () => mkdtemp(join(tmpdir(), "rpi-lock-"));
const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

describe("withProjectLock", () => {
  it("holds .rpi/lock with its pid while the body runs, and removes it after", async () => {
    const dir = await project();
    const seen = await withProjectLock(
      dir,
      () => assert.fail("nobody holds it"),
      async () => readFile(lockPath(dir), "utf8"),
    );
    assert.equal(seen, String(process.pid));
    assert.equal(await exists(lockPath(dir)), false);
  });

  it("removes the lock when the body throws", async () => {
    const dir = await project();
    await assert.rejects(
      withProjectLock(
        dir,
        () => undefined,
        () => Promise.reject(new Error("boom")),
      ),
      /boom/,
    );
    assert.equal(await exists(lockPath(dir)), false);
  });

  it("serialises two holders: the second waits, says so once with the holder's pid, then runs", async () => {
    const dir = await project();
    const order: string[] = [];
    const waits: number[] = [];
    let release!: () => void;
    const first = withProjectLock(
      dir,
      () => undefined,
      async () => {
        order.push("first in");
        await new Promise<void>((resolve) => (release = resolve));
        order.push("first out");
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = withProjectLock(
      dir,
      (pid) => waits.push(pid),
      async () => {
        order.push("second");
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 700));
    release();
    await Promise.all([first, second]);
    assert.deepEqual(order, ["first in", "first out", "second"]);
    assert.deepEqual(waits, [process.pid]);
  });

  it("takes over a lock whose holder is gone (an rpi killed with SIGKILL)", async () => {
    const dir = await project();
    const child = spawn(process.execPath, ["-e", ""]);
    const deadPid = await new Promise<number>((resolve) =>
      child.on("exit", () => resolve(child.pid ?? 0)),
    );
    await mkdir(join(dir, ".rpi"), { recursive: true });
    await writeFile(lockPath(dir), String(deadPid));
    let waited = false;
    const ran = await withProjectLock(
      dir,
      () => (waited = true),
      async () => "ran",
    );
    assert.equal(ran, "ran");
    assert.equal(waited, false);
  });

  it("takes over a lock holding garbage instead of a pid", async () => {
    const dir = await project();
    await mkdir(join(dir, ".rpi"), { recursive: true });
    await writeFile(lockPath(dir), "not a pid");
    assert.equal(
      await withProjectLock(
        dir,
        () => undefined,
        async () => 1,
      ),
      1,
    );
  });
});

describe("withProjectLock and an empty lock file", () => {
  it("takes over a lock left empty by an owner killed before it wrote its pid", async () => {
    const dir = await project();
    await mkdir(join(dir, ".rpi"), { recursive: true });
    await writeFile(lockPath(dir), "");
    const old = new Date(Date.now() - 60_000);
    const { utimes } = await import("node:fs/promises");
    await utimes(lockPath(dir), old, old);
    assert.equal(
      await withProjectLock(
        dir,
        () => undefined,
        async () => "taken over",
      ),
      "taken over",
    );
  });
});

describe("withProjectLock when its process exits inside the body", () => {
  it("removes the lock when the process ends with process.exit (listr2 on Ctrl-C)", async () => {
    const dir = await project();
    const lockModule = new URL("../../../src/project/lock.js", import.meta.url).href;
    const script = `const { withProjectLock } = await import(${JSON.stringify(lockModule)});
await withProjectLock(${JSON.stringify(dir)}, () => {}, async () => process.exit(127));`;
    const child = spawn(process.execPath, ["--input-type=module", "-e", script]);
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    assert.equal(code, 127);
    assert.equal(await exists(lockPath(dir)), false);
  });
});
