import { strict as assert } from "node:assert";
import { rm } from "node:fs/promises";
import Docker from "dockerode";
import { mayRestartEngine, restartEngine } from "../support/docker-engine.js";
import { rpi, rpiOk } from "../support/rpi-cli.js";
import { oneVirtProject } from "./e2e-helpers.js";

interface MachineJson {
  machine: string;
  state: string;
  exitCode?: number;
}

/**
 * The Docker engine restarted under a running machine (issue 6's last fault). While it is down,
 * rpi says so instead of calling the machine missing (or starting it a second time as a host
 * process); after it is back, status shows what Docker shows, and `up` brings the same machine,
 * with its disk as it was, back to ready.
 */
describe("reliability: the Docker engine restarted under a running machine", function () {
  this.timeout(900_000);
  let project: { dir: string; name: string };

  before(async function () {
    if (!mayRestartEngine()) {
      // Outside CI this would stop the developer's own engine; CI always runs it.
      this.skip();
    }
    project = await oneVirtProject();
  });

  after(async () => {
    if (!project) return;
    await rpi(project.dir, ["down", "--volumes"]);
    await rm(project.dir, { recursive: true, force: true });
  });

  it("says the engine is down, then exited; `up` starts the machine again with nothing lost", async () => {
    await rpiOk(project.dir, ["up"]);
    // In the pi user's home, on the machine's own disk (its qcow2 overlay).
    await rpiOk(project.dir, ["ssh", "pi", "--", "echo kept-across-restart > marker && sync"]);

    await restartEngine(async () => {
      const status = await rpi(project.dir, ["status", "--json"]);
      assert.equal(status.exitCode, 1, status.stdout + status.stderr);
      assert.match(status.stderr, /no Docker engine answers/);
      assert.match(status.stderr, /this project's machines run in Docker/);
      assert.match(status.stderr, /hint: start the engine/);
      assert.doesNotMatch(status.stdout + status.stderr, /missing/);
      // `up` must not start the machine as a host process on the same disk while Docker is away.
      const up = await rpi(project.dir, ["up"]);
      assert.equal(up.exitCode, 1, up.stdout + up.stderr);
      assert.match(up.stderr, /no Docker engine answers/);
    });

    const info = await new Docker().getContainer(`${project.name}-pi`).inspect();
    assert.equal(info.State.Running, false, "the engine's restart left the container running");
    const [stopped] = (
      JSON.parse((await rpiOk(project.dir, ["status", "--json"])).stdout) as {
        machines: MachineJson[];
      }
    ).machines;
    assert.equal(stopped.state, "exited");
    assert.equal(stopped.exitCode, info.State.ExitCode);

    const up = await rpiOk(project.dir, ["up"]);
    assert.match(up.stdout, /pi: start \(exited with code \d+\)/);
    const [ready] = (
      JSON.parse((await rpiOk(project.dir, ["status", "--json"])).stdout) as {
        machines: MachineJson[];
      }
    ).machines;
    assert.equal(ready.state, "ready");
    assert.equal(
      (await rpiOk(project.dir, ["ssh", "pi", "--", "cat marker"])).stdout.trim(),
      "kept-across-restart",
    );
  });
});
