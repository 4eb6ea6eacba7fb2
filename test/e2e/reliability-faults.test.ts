import { strict as assert } from "node:assert";
import { rm } from "node:fs/promises";
import { connect } from "node:net";
import { fileURLToPath } from "node:url";
import { execa, type ResultPromise } from "execa";
import Docker from "dockerode";
import { rpi, rpiOk } from "../support/rpi-cli.js";
import { oneVirtProject } from "./e2e-helpers.js";

const BIN = fileURLToPath(new URL("../../../bin/rpi.js", import.meta.url));

interface MachineJson {
  machine: string;
  state: string;
  exitCode?: number;
  ssh?: { host: string; port: number };
}

/** Whether an SSH server answers with its banner at host:port within a few seconds. */
function answersSsh(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let data = "";
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(3000, () => done(false));
    socket.on("data", (chunk: Buffer) => {
      data += chunk.toString("latin1");
      if (data.includes("SSH-2.0-")) done(true);
    });
    socket.on("error", () => done(false));
    socket.on("close", () => done(data.includes("SSH-2.0-")));
  });
}

/**
 * Faults (issue 6): after each, `rpi status` tells the truth — what Docker says about the
 * container, and "ready" only when the guest answers SSH — and the next `rpi up` converges.
 */
describe("reliability: faults during and after `rpi up`", function () {
  this.timeout(900_000);
  const docker = new Docker();
  let project: { dir: string; name: string };
  const container = () => docker.getContainer(`${project.name}-pi`);

  /** `rpi up` in the background, as a user's terminal runs it. */
  const spawnUp = (): ResultPromise<{ reject: false; all: true }> =>
    execa("node", [BIN, "up"], {
      cwd: project.dir,
      env: { NO_COLOR: "1" },
      reject: false,
      all: true,
      stdin: "ignore",
    }) as ResultPromise<{ reject: false; all: true }>;

  /** Resolves once the machine's container exists and runs (polling Docker). */
  const containerRunning = async (timeoutMs = 300_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const info = await container()
        .inspect()
        .catch(() => undefined);
      if (info?.State.Running) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.fail("the container never ran");
  };

  /** `rpi status --json` of the machine, checked against Docker and the guest itself. */
  const truthfulStatus = async (): Promise<MachineJson> => {
    const status = JSON.parse((await rpiOk(project.dir, ["status", "--json"])).stdout) as {
      machines: MachineJson[];
    };
    const [machine] = status.machines;
    const info = await container()
      .inspect()
      .catch(() => undefined);
    if (!info) {
      assert.equal(machine.state, "missing");
    } else if (info.State.Running) {
      assert.ok(["booting", "ready"].includes(machine.state), `running but ${machine.state}`);
      if (machine.state === "ready") {
        assert.ok(machine.ssh, "ready without an SSH endpoint");
        assert.ok(await answersSsh(machine.ssh.host, machine.ssh.port), "ready but SSH is silent");
      }
    } else {
      assert.equal(machine.state, info.State.Status === "created" ? "created" : "exited");
      if (machine.state === "exited") assert.equal(machine.exitCode, info.State.ExitCode);
    }
    return machine;
  };

  /** The next `rpi up` brings the machine to ready, and it runs a command. */
  const converges = async (): Promise<string> => {
    const up = await rpiOk(project.dir, ["up"]);
    assert.equal((await truthfulStatus()).state, "ready");
    assert.equal(
      (await rpiOk(project.dir, ["ssh", "pi", "--", "echo", "alive"])).stdout.trim(),
      "alive",
    );
    return up.stdout;
  };

  before(async () => {
    project = await oneVirtProject();
  });

  after(async () => {
    await rpi(project.dir, ["down", "--volumes"]);
    await rm(project.dir, { recursive: true, force: true });
  });

  it("container killed mid-boot: status says exited (137), up starts it again", async () => {
    await rpiOk(project.dir, ["up", "--no-wait"]);
    await container().kill();
    const killed = await truthfulStatus();
    assert.equal(killed.state, "exited");
    assert.equal(killed.exitCode, 137);
    assert.match(await converges(), /pi: start \(exited with code 137\)/);
  });

  it("QEMU killed inside its container: status says exited, up starts it again", async () => {
    const exec = await container().exec({
      Cmd: ["busybox", "killall", "-KILL", "qemu-system-aarch64"],
      AttachStdout: true,
      AttachStderr: true,
    });
    const stream = await exec.start({});
    await new Promise((resolve) => stream.on("end", resolve).resume());
    assert.equal((await exec.inspect()).ExitCode, 0, "killall found no QEMU");
    const deadline = Date.now() + 30_000;
    while ((await container().inspect()).State.Running && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const dead = await truthfulStatus();
    assert.equal(dead.state, "exited");
    assert.match(await converges(), /pi: start \(exited with code \d+\)/);
  });

  for (const signal of ["SIGINT", "SIGKILL"] as const) {
    it(`rpi killed with ${signal} mid-up: status tells the truth, the next up converges`, async () => {
      await rpiOk(project.dir, ["down"]);
      const up = spawnUp();
      await containerRunning();
      up.kill(signal);
      const result = await up;
      assert.notEqual(result.exitCode, 0, `up ended normally after ${signal}:\n${result.all}`);
      if (signal === "SIGINT") {
        assert.equal(result.exitCode, 130, result.all);
        assert.match(result.all ?? "", /interrupted: machines already started keep running/);
      }
      await truthfulStatus();
      const next = await rpiOk(project.dir, ["up"]);
      assert.doesNotMatch(next.stderr, /waiting for another rpi/, "the killed rpi's lock held on");
      assert.equal((await truthfulStatus()).state, "ready");
      assert.equal(
        (await rpiOk(project.dir, ["ssh", "pi", "--", "echo", "alive"])).stdout.trim(),
        "alive",
      );
    });
  }

  it("two `up` at once: the second waits on the lock and says so, both succeed, one container", async () => {
    await rpiOk(project.dir, ["down"]);
    const first = spawnUp();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const second = spawnUp();
    const [a, b] = await Promise.all([first, second]);
    assert.equal(a.exitCode, 0, a.all);
    assert.equal(b.exitCode, 0, b.all);
    assert.match(b.all ?? "", /waiting for another rpi \(pid \d+\) working on this project/);
    assert.match(b.all ?? "", /nothing to do, 1 machine ready/);
    const containers = await docker.listContainers({
      all: true,
      filters: { label: [`io.rpi.project=${project.name}`] },
    });
    assert.equal(containers.length, 1);
    assert.equal((await truthfulStatus()).state, "ready");
  });
});
