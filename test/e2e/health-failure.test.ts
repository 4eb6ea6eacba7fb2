import { strict as assert } from "node:assert";
import { rpi, tempProject, type CliResult } from "../support/rpi-cli.js";
import { testImage } from "../support/test-image.js";
import { output, statusJson } from "./e2e-helpers.js";

/** A guest that never becomes ready fails `rpi up` with the reason and its last console lines. */
describe("e2e: a guest that never answers fails its health check with console lines", function () {
  this.timeout(600_000);
  let image: string;
  const projects: string[] = [];

  before(async () => {
    image = await testImage();
  });

  after(async () => {
    // A guest without SSH ignores the power button: a short grace keeps the cleanup quick.
    for (const dir of projects) await rpi(dir, ["down", "--volumes", "--timeout", "3"]);
  });

  async function upFails(fields: string): Promise<{ dir: string; up: CliResult }> {
    const project = await tempProject(
      (name) => `name: ${name}
machines:
  pi:
    image: ${image}
    board: virt
    memory: 512
    restrict: true
${fields}`,
    );
    projects.push(project.dir);
    const up = await rpi(project.dir, ["up"]);
    assert.equal(up.exitCode, 1, output(up));
    assert.match(up.stdout, /0 of 1 machine done, 1 failed/, output(up));
    return { dir: project.dir, up };
  }

  it("times out on a console pattern that never appears: exit 1, the machine, the timeout and the console; status says unhealthy", async () => {
    const { dir, up } = await upFails(`    ssh: { enable: false }
    healthcheck: { console: "this-never-appears", timeout: 20s }
`);
    assert.match(up.stderr, /error: pi: not ready within the 20 s timeout/, output(up));
    assert.match(up.stderr, /this-never-appears/, output(up));
    assert.match(up.stderr, /--- last 20 console lines ---/, output(up));
    // The guest did boot: its own last words are among the console lines.
    assert.match(up.stderr, /rpi-testimage: ready/, output(up));
    assert.match(up.stderr, /rpi logs pi/, output(up));
    const [machine] = (await statusJson(dir)).machines;
    assert.equal(machine.state, "unhealthy");
  });

  it("gives up at once when the guest dies (init=/bin/false panics the kernel): exit 1, the exit and the console; status says exited", async () => {
    const started = Date.now();
    const { dir, up } = await upFails(`    cmdline: init=/bin/false
    healthcheck: { timeout: 3m }
`);
    assert.ok(Date.now() - started < 120_000, "waited for the timeout instead of giving up");
    assert.match(
      up.stderr,
      /error: pi: gave up after [\d.]+ s of the 180 s timeout: the machine exited with code 0\n/,
      output(up),
    );
    assert.match(up.stderr, /--- last 20 console lines ---/, output(up));
    // The panic's backtrace ends in the reboot that -no-reboot turns into QEMU's exit.
    assert.match(up.stderr, /Rebooting in 1 seconds/, output(up));
    assert.match(up.stderr, /rpi-entrypoint: QEMU exited with status 0/, output(up));
    const [machine] = (await statusJson(dir)).machines;
    assert.equal(machine.state, "exited");
  });
});
