import { strict as assert } from "node:assert";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { RuntimeError } from "../../../../src/errors.js";
import { machineDir } from "../../../../src/project/paths.js";
import { LABELS } from "../../../../src/runtime/labels.js";
import { LocalRuntime } from "../../../../src/runtime/local/local-runtime.js";
import type { MachineRunSpec } from "../../../../src/runtime/runtime.js";

const PROJECT = "demo";

function spec(
  machine: string,
  command: string[],
  overrides: Partial<MachineRunSpec> = {},
): MachineRunSpec {
  return {
    project: PROJECT,
    machine,
    labels: {
      [LABELS.project]: PROJECT,
      [LABELS.machine]: machine,
      [LABELS.configHash]: "hash-1",
      [LABELS.config]: JSON.stringify({ memory: 512 }),
      [LABELS.board]: "virt",
      [LABELS.sshUser]: "pi",
    },
    command,
    network: "user",
    restrict: false,
    internalNetwork: false,
    ports: [],
    paths: [],
    stopGraceSeconds: 1,
    ...overrides,
  };
}

/** Collects a stream from now on, so nothing is missed between two waits. */
function collect(stream: Readable) {
  let text = "";
  let ended = false;
  stream.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
  stream.on("end", () => (ended = true));
  const until = async (done: () => boolean, what: string, timeoutMs: number): Promise<string> => {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline)
        throw new Error(`${what} within ${timeoutMs} ms; got: ${JSON.stringify(text)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return text;
  };
  return {
    /** Resolves the text so far once it matches `pattern`. */
    shows: (pattern: RegExp, timeoutMs: number) =>
      until(() => pattern.test(text), `no ${pattern}`, timeoutMs),
    /** Resolves the whole text once the stream has ended. */
    ends: (timeoutMs: number) => until(() => ended, "the stream did not end", timeoutMs),
  };
}

async function observed(runtime: LocalRuntime, machine: string) {
  return (await runtime.list(PROJECT)).find((m) => m.machine === machine);
}

describe("local runtime (real processes)", function () {
  this.timeout(30000);
  let projectDir: string;
  let runtime: LocalRuntime;

  beforeEach(async () => {
    projectDir = await mkdtemp(join(tmpdir(), "rpi-local-"));
    runtime = new LocalRuntime(projectDir);
  });

  afterEach(async () => {
    for (const machine of await runtime.list(PROJECT)) {
      await runtime.remove(PROJECT, machine.machine);
    }
    await rm(projectDir, { recursive: true, force: true });
  });

  it("takes a machine from created through running to exited, streaming its console until it ends", async () => {
    await runtime.create(
      spec("web", [
        "sh",
        "-c",
        "echo booting; echo rpi-testimage: ready; sleep 1; echo bye; exit 3",
      ]),
    );
    const created = await observed(runtime, "web");
    assert.equal(created?.state, "created");
    assert.equal(created?.configHash, "hash-1");
    assert.deepEqual(created?.hashedFields, { memory: 512 });
    assert.equal(created?.board, "virt");
    assert.equal(created?.sshUser, "pi");

    await runtime.start(PROJECT, "web");
    const running = await observed(runtime, "web");
    assert.equal(running?.state, "running");
    assert.ok(running?.startedAt instanceof Date);

    const follow = collect(await runtime.logs(PROJECT, "web", { follow: true }));
    assert.match(
      await follow.shows(/rpi-testimage: ready\n/, 5000),
      /^booting\nrpi-testimage: ready\n/,
    );
    // The follower ends by itself once the machine has exited and the file is drained.
    assert.equal(await follow.ends(10000), "booting\nrpi-testimage: ready\nbye\n");

    assert.equal(await runtime.waitExit(PROJECT, "web", 5000), true);
    const exited = await observed(runtime, "web");
    assert.equal(exited?.state, "exited");
    assert.equal(exited?.exitCode, 3);
    assert.equal(exited?.startedAt, undefined);

    assert.equal(await runtime.tail(PROJECT, "web", 2), "rpi-testimage: ready\nbye\n");
    const last = await runtime.logs(PROJECT, "web", { follow: false, tail: 1 });
    assert.equal(await collect(last).ends(2000), "bye\n");
  });

  it("restarts an exited machine and reports the new run's exit code, not the old one", async () => {
    const code = join(projectDir, "code");
    await writeFile(code, "3");
    await runtime.create(spec("job", ["sh", "-c", `exit $(cat ${code})`]));
    await runtime.start(PROJECT, "job");
    assert.equal(await runtime.waitExit(PROJECT, "job", 5000), true);
    assert.equal((await observed(runtime, "job"))?.exitCode, 3);
    await writeFile(code, "5");
    await runtime.start(PROJECT, "job");
    assert.equal(await runtime.waitExit(PROJECT, "job", 5000), true);
    const again = await observed(runtime, "job");
    assert.equal(again?.state, "exited");
    assert.equal(again?.exitCode, 5);
  });

  it("ends a machine without a monitor with SIGTERM and records the signal's exit code", async () => {
    await runtime.create(spec("loop", ["sh", "-c", "echo up; while :; do sleep 0.1; done"]));
    await runtime.start(PROJECT, "loop");
    await runtime.stop(PROJECT, "loop", 10);
    const stopped = await observed(runtime, "loop");
    assert.equal(stopped?.state, "exited");
    assert.equal(stopped?.exitCode, 143);
  });

  it("asks QEMU to power the guest off, then after the grace period ends it", async () => {
    const machine = "qemu";
    const dir = machineDir(projectDir, machine);
    const monitor = runtime.monitorSocket(machine);
    assert.equal(monitor, join(dir, "monitor.sock"));
    await runtime.create(
      spec(machine, [
        "qemu-system-aarch64",
        "-M",
        "none",
        "-nographic",
        "-monitor",
        `unix:${monitor},server,nowait`,
      ]),
    );
    await runtime.start(PROJECT, machine);
    const state = JSON.parse(await readFile(join(dir, "state.json"), "utf8")) as {
      pid: number;
      command: string[];
    };
    assert.deepEqual(state.command.slice(-2), ["-pidfile", join(dir, "qemu.pid")]);
    await waitForFile(monitor, 5000);
    assert.equal(Number((await readFile(join(dir, "qemu.pid"), "utf8")).trim()), state.pid);
    assert.equal((await observed(runtime, machine))?.state, "running");

    const began = Date.now();
    // `-M none` has no guest to power off: QEMU ignores system_powerdown, so the grace runs out.
    await runtime.stop(PROJECT, machine, 1);
    const elapsed = Date.now() - began;
    assert.ok(elapsed >= 1000 && elapsed < 8000, `stop took ${elapsed} ms`);
    assert.equal((await observed(runtime, machine))?.state, "exited");
    assert.match(await runtime.tail(PROJECT, machine, 5), /terminating on signal 15/);
  });

  it("binds QEMU's forwarded ports to 127.0.0.1 on the host and lists them", async () => {
    const [listen] = await runtime.forwardListens([
      { hostIp: "127.0.0.1", hostPort: 0, guestPort: 22, protocol: "tcp" },
    ]);
    assert.ok(listen);
    assert.equal(listen.address, "127.0.0.1");
    assert.ok(listen.port > 0);
    await runtime.create(
      spec(
        "fwd",
        [
          "qemu-system-aarch64",
          "-M",
          "none",
          "-nographic",
          "-netdev",
          `user,id=n0,hostfwd=tcp::${listen.port}-:22`,
        ],
        {
          ports: [{ hostIp: "127.0.0.1", hostPort: 0, guestPort: 22, protocol: "tcp" }],
        },
      ),
    );
    await runtime.start(PROJECT, "fwd");
    assert.deepEqual((await observed(runtime, "fwd"))?.ports, [
      { hostIp: "127.0.0.1", hostPort: listen.port, guestPort: 22, protocol: "tcp" },
    ]);
    await waitForListen("127.0.0.1", listen.port, 5000);
  });

  it("removes a running machine and its files but keeps the disk overlay beside them", async () => {
    await runtime.create(spec("gone", ["sh", "-c", "while :; do sleep 0.1; done"]));
    const dir = machineDir(projectDir, "gone");
    await writeFile(join(dir, "disk.qcow2"), "overlay");
    await runtime.start(PROJECT, "gone");
    await runtime.remove(PROJECT, "gone");
    assert.equal(await observed(runtime, "gone"), undefined);
    assert.equal(existsSync(join(dir, "state.json")), false);
    assert.equal(existsSync(join(dir, "console.log")), false);
    assert.equal(existsSync(join(dir, "exit-code")), false);
    assert.equal(existsSync(join(dir, "disk.qcow2")), true);
  });

  it("lists only the machines of the project asked for", async () => {
    await runtime.create(spec("mine", ["sh", "-c", "true"]));
    const other = spec("theirs", ["sh", "-c", "true"]);
    await runtime.create({ ...other, labels: { ...other.labels, [LABELS.project]: "other" } });
    assert.deepEqual(
      (await runtime.list(PROJECT)).map((m) => m.machine),
      ["mine"],
    );
    await runtime.remove("other", "theirs");
  });

  it("says which state file is damaged instead of guessing what runs", async () => {
    await runtime.create(spec("broken", ["sh", "-c", "true"]));
    await writeFile(join(machineDir(projectDir, "broken"), "state.json"), "{ not json");
    await assert.rejects(runtime.list(PROJECT), (error: RuntimeError) => {
      assert.ok(error instanceof RuntimeError);
      assert.match(error.message, /broken\/state\.json is damaged: not JSON/);
      return true;
    });
    await rm(join(machineDir(projectDir, "broken"), "state.json"));
  });

  it("names the missing QEMU binary and its Debian package when a machine cannot start", async () => {
    await runtime.create(spec("nobin", ["qemu-system-doesnotexist", "-M", "none"]));
    await assert.rejects(runtime.start(PROJECT, "nobin"), (error: RuntimeError) => {
      assert.ok(error instanceof RuntimeError);
      assert.match(error.message, /qemu-system-doesnotexist was not found/);
      assert.match(error.hint ?? "", /qemu-system-arm/);
      return true;
    });
  });

  it("refuses bridge networking, which needs root on the host", async () => {
    await assert.rejects(
      runtime.create(spec("br", ["qemu-system-aarch64"], { network: "bridge" })),
      (error: RuntimeError) => {
        assert.ok(error instanceof RuntimeError);
        assert.match(error.hint ?? "", /use the docker runtime .* or network: user/);
        return true;
      },
    );
    assert.equal(existsSync(join(machineDir(projectDir, "br"), "state.json")), false);
  });

  it("finds both QEMU emulators on the host", async () => {
    const lines: string[] = [];
    const result = await runtime.prepareEngine((line) => lines.push(line));
    assert.equal(result.built, false);
    assert.match(result.detail, /^QEMU \d+\.\d+\.\d+ on the host$/);
  });
});

async function waitForFile(path: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(path)) {
    if (Date.now() > deadline) throw new Error(`${path} did not appear in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function waitForListen(host: string, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, host);
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline)
      throw new Error(`nothing listens on ${host}:${port} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
