import { strict as assert } from "node:assert";
import Docker from "dockerode";
import { rpi, rpiOk, tempProject } from "../support/rpi-cli.js";
import { testImage } from "../support/test-image.js";
import { freeLoopbackPort, inspectMachine, output, readGreeting } from "./e2e-helpers.js";

/** What the machine's `command`, `ports` and `display` do to its container. */
describe("e2e: container options of a machine", function () {
  this.timeout(600_000);
  let image: string;
  const projects: string[] = [];

  before(async () => {
    image = await testImage();
  });

  after(async () => {
    for (const dir of projects) await rpi(dir, ["down", "--volumes"]);
  });

  async function project(fields: string): Promise<{ dir: string; name: string }> {
    const created = await tempProject(
      (name) => `name: ${name}
machines:
  pi:
    image: ${image}
    board: virt
    memory: 512
    restrict: true
    healthcheck: { timeout: 3m }
${fields}`,
    );
    projects.push(created.dir);
    return created;
  }

  it("runs the machine's `command` instead of QEMU (the old tool's COMMAND), with `up --no-wait`", async () => {
    const { dir, name } = await project(`    command: "echo hello-from-command"
`);
    const up = await rpiOk(dir, ["up", "--no-wait"]);
    assert.match(up.stdout, /1 of 1 machine done/, output(up));
    const container = new Docker().getContainer(`${name}-pi`);
    assert.deepEqual((await container.inspect()).Config.Cmd, [
      "sh",
      "-c",
      "echo hello-from-command",
    ]);
    const deadline = Date.now() + 30_000;
    let logs = "";
    while (Date.now() < deadline && !logs.includes("hello-from-command")) {
      logs = (await rpiOk(dir, ["logs", "pi"])).stdout;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    assert.match(logs, /hello-from-command/);
    assert.equal((await container.inspect()).State.Running, false);
  });

  it("forwards a `ports` entry on 127.0.0.1 to the guest: a web server started in the guest answers", async () => {
    const port = await freeLoopbackPort();
    const { dir, name } = await project(`    ports: ["127.0.0.1:${port}:80"]
`);
    await rpiOk(dir, ["up"]);
    const bindings = (await inspectMachine(name, "pi")).HostConfig.PortBindings as Record<
      string,
      { HostIp: string; HostPort: string }[]
    >;
    assert.deepEqual(bindings["80/tcp"], [{ HostIp: "127.0.0.1", HostPort: String(port) }]);
    await rpiOk(dir, [
      "ssh",
      "pi",
      "--user",
      "root",
      "--",
      "mkdir -p /tmp/www && echo hello-through-the-forward > /tmp/www/index.html && busybox httpd -p 80 -h /tmp/www",
    ]);
    const response = await fetch(`http://127.0.0.1:${port}/index.html`);
    assert.equal(response.status, 200);
    assert.equal((await response.text()).trim(), "hello-through-the-forward");
    await rpiOk(dir, ["down", "--volumes"]);
  });

  it("publishes the VNC display of `display: vnc` on 127.0.0.1 only, and serves the RFB greeting there", async () => {
    const { dir, name } = await project(`    display: vnc
`);
    await rpiOk(dir, ["up"]);
    const info = await inspectMachine(name, "pi");
    assert.ok(info.Config.Cmd.join(" ").includes("-vnc :0"));
    const vnc = (info.NetworkSettings.Ports ?? {})["5900/tcp"] ?? [];
    assert.equal(vnc.length, 1, JSON.stringify(info.NetworkSettings.Ports));
    assert.equal(vnc[0].HostIp, "127.0.0.1");
    const greeting = await readGreeting("127.0.0.1", Number(vnc[0].HostPort));
    assert.match(greeting, /^RFB 003\.008/);
    await rpiOk(dir, ["down", "--volumes"]);
  });
});
