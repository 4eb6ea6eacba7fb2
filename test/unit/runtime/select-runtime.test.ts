import { strict as assert } from "node:assert";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RuntimeError } from "../../../src/errors.js";
import {
  forgetRuntime,
  recordedRuntime,
  recordRuntime,
} from "../../../src/project/runtime-record.js";
import { selectRuntime } from "../../../src/runtime/select-runtime.js";

describe("selectRuntime and the project's runtime record", () => {
  let dir: string;
  const savedHost = process.env.DOCKER_HOST;
  const notices: string[] = [];
  const notice = (line: string) => notices.push(line);

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "rpi-select-runtime-"));
    notices.length = 0;
    // An engine that never answers: a socket path nothing listens on.
    process.env.DOCKER_HOST = `unix://${join(dir, "no-engine.sock")}`;
  });

  afterEach(async () => {
    if (savedHost === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = savedHost;
    await rm(dir, { recursive: true, force: true });
  });

  it("records, reads and forgets the runtime in .rpi/runtime", async () => {
    assert.equal(await recordedRuntime(dir), undefined);
    await recordRuntime(dir, "docker");
    assert.equal(await readFile(join(dir, ".rpi", "runtime"), "utf8"), "docker\n");
    assert.equal(await recordedRuntime(dir), "docker");
    await forgetRuntime(dir);
    assert.equal(await recordedRuntime(dir), undefined);
  });

  it("with nothing recorded and no engine, falls back to host QEMU and says so", async () => {
    const runtime = await selectRuntime("auto", dir, notice);
    assert.equal(runtime.kind, "local");
    assert.match(
      notices.join("\n"),
      /no Docker engine answers: running machines as QEMU processes/,
    );
  });

  it("does not fall back when the project's machines run in Docker: the engine being down is the error", async () => {
    await recordRuntime(dir, "docker");
    await assert.rejects(selectRuntime("auto", dir, notice), (error: unknown) => {
      assert.ok(error instanceof RuntimeError);
      assert.match(error.message, /no Docker engine answers at unix:\/\/.*no-engine\.sock/);
      assert.match(error.message, /this project's machines run in Docker/);
      assert.match(error.hint ?? "", /start the engine/);
      assert.match(error.hint ?? "", /--runtime local/);
      return true;
    });
    assert.deepEqual(notices, []);
  });

  it("keeps a project whose machines run on the host there, quietly, and --runtime still decides", async () => {
    await recordRuntime(dir, "local");
    assert.equal((await selectRuntime("auto", dir, notice)).kind, "local");
    assert.deepEqual(notices, []);
    await assert.rejects(selectRuntime("docker", dir, notice), /no Docker engine answers/);
  });
});
