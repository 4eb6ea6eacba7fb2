import { strict as assert } from "node:assert";
import { readinessProbe, sshEndpoint } from "../../../src/execute/readiness.js";
import type { ObservedMachine, ObservedPort } from "../../../src/plan/observed.js";
import type { Runtime } from "../../../src/runtime/runtime.js";
import { machineConfig } from "../../support/machine-config.js";

type Listed = Omit<ObservedMachine, "ready">;

function listed(ports: ObservedPort[]): Listed {
  return { machine: "web", state: "running", configHash: "", hashedFields: {}, ports };
}

const ssh = (hostIp: string, hostPort: number): ObservedPort => ({
  hostIp,
  hostPort,
  guestPort: 22,
  protocol: "tcp",
});

// readinessProbe only touches the runtime for console patterns; these tests never reach it.
const runtime = {} as Runtime;

describe("sshEndpoint", () => {
  it("is the published address and port of guest port 22", () => {
    assert.deepEqual(sshEndpoint(listed([ssh("127.0.0.1", 40022)])), {
      host: "127.0.0.1",
      port: 40022,
    });
  });

  it("reaches a port published on every address through 127.0.0.1", () => {
    assert.deepEqual(sshEndpoint(listed([ssh("0.0.0.0", 2222)])), {
      host: "127.0.0.1",
      port: 2222,
    });
  });

  it("is the container's own address on an internal network", () => {
    assert.deepEqual(sshEndpoint(listed([ssh("192.168.128.3", 22)])), {
      host: "192.168.128.3",
      port: 22,
    });
  });

  it("is undefined without guest port 22, or while the port is not assigned yet", () => {
    const http: ObservedPort = {
      hostIp: "127.0.0.1",
      hostPort: 8080,
      guestPort: 80,
      protocol: "tcp",
    };
    assert.equal(sshEndpoint(listed([http])), undefined);
    assert.equal(sshEndpoint(listed([ssh("127.0.0.1", 0)])), undefined);
    assert.equal(sshEndpoint(listed([{ ...ssh("127.0.0.1", 22), protocol: "udp" }])), undefined);
  });
});

describe("readinessProbe", () => {
  it("waits for the SSH banner at the machine's endpoint", () => {
    const probe = readinessProbe(
      runtime,
      "lab",
      listed([ssh("127.0.0.1", 40022)]),
      machineConfig("web"),
      { attemptTimeoutMs: 100 },
    );
    assert.match(probe?.describe ?? "", /SSH.*127\.0\.0\.1:40022/);
  });

  it("never reports ready a machine whose SSH is checked but which has no SSH endpoint", async () => {
    const probe = readinessProbe(runtime, "lab", listed([]), machineConfig("web"), {
      attemptTimeoutMs: 100,
    });
    assert.ok(probe, "a machine with SSH enabled and no endpoint must not count as ready unprobed");
    const outcome = await probe.check();
    assert.equal(outcome.ready, false);
    assert.match(outcome.detail, /no SSH endpoint/);
  });

  it("has no probe (running counts as ready) for a machine without SSH and without a console pattern", () => {
    const machine = machineConfig("web", {
      ssh: { enable: false, user: "pi", authorizedKeys: [] },
      healthcheck: { ssh: false, timeoutMs: 1000 },
    });
    assert.equal(
      readinessProbe(runtime, "lab", listed([]), machine, { attemptTimeoutMs: 100 }),
      undefined,
    );
  });

  it("prefers the console pattern when one is set", () => {
    const machine = machineConfig("web", {
      healthcheck: { ssh: true, console: "login:", timeoutMs: 1000 },
    });
    const probe = readinessProbe(runtime, "lab", listed([ssh("127.0.0.1", 40022)]), machine, {
      attemptTimeoutMs: 100,
    });
    assert.match(probe?.describe ?? "", /login:/);
  });
});
