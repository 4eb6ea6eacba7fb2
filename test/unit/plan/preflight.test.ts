import { strict as assert } from "node:assert";
import type { KernelArch } from "../../../src/boards/index.js";
import { ConfigError, RuntimeError } from "../../../src/errors.js";
import type { ObservedMachine } from "../../../src/plan/observed.js";
import type { Plan } from "../../../src/plan/plan.js";
import { hostBindings, preflight, type HostFacts } from "../../../src/plan/preflight.js";
import type { MachineConfig } from "../../../src/config/types.js";
import { machineConfig } from "../../support/machine-config.js";

/** A host where the given ports are taken and each kernel path is what the map says. */
function fakeHost(
  taken: number[],
  kernels: Record<string, KernelArch | string> = {},
): HostFacts & {
  asked: number[];
} {
  const asked: number[] = [];
  return {
    asked,
    portProblem: (_address, port) => {
      asked.push(port);
      return Promise.resolve(
        taken.includes(port) ? "is already in use by another program" : undefined,
      );
    },
    kernel: (path) => {
      const found = kernels[path] ?? "neither";
      return Promise.resolve(
        found === "aarch64" || found === "arm" ? { arch: found } : { looksLike: found },
      );
    },
  };
}

const withSshPort = (name: string, port: number, extra: Partial<MachineConfig> = {}) =>
  machineConfig(name, { ssh: { enable: true, port, user: "pi", authorizedKeys: [] }, ...extra });

const plan = (...operations: Plan["operations"]): Plan => ({ project: "lab", operations });
const publishes = { publishesPorts: true };

describe("preflight", () => {
  it("stops `up` with exit 1, naming the machine and field, when its ssh.port is in use", async () => {
    const web = withSshPort("web", 2222);
    await assert.rejects(
      preflight(plan({ kind: "create", machine: web, cause: "" }), [], publishes, fakeHost([2222])),
      (error: unknown) => {
        assert.ok(error instanceof RuntimeError);
        assert.equal(
          error.message,
          "machines.web.ssh.port: 127.0.0.1:2222 is already in use by another program",
        );
        assert.match(error.hint ?? "", /pick another ssh\.port/);
        return true;
      },
    );
  });

  it("checks forwarded ports too, and reports every problem at once", async () => {
    const web = withSshPort("web", 2222, {
      ports: [{ hostIp: "127.0.0.1", hostPort: 8080, guestPort: 80, protocol: "tcp" }],
    });
    await assert.rejects(
      preflight(
        plan({ kind: "create", machine: web, cause: "" }),
        [],
        publishes,
        fakeHost([2222, 8080]),
      ),
      /ssh\.port: 127\.0\.0\.1:2222 .*\nmachines\.web\.ports\[0\]: 127\.0\.0\.1:8080 /,
    );
  });

  it("does not count a port held by the project's own running machine as in use", async () => {
    const web = withSshPort("web", 2222);
    const running: ObservedMachine = {
      machine: "web",
      state: "running",
      configHash: "old",
      hashedFields: {},
      ports: [{ hostIp: "127.0.0.1", hostPort: 2222, guestPort: 22, protocol: "tcp" }],
      ready: true,
    };
    const host = fakeHost([2222]);
    await preflight(
      plan({ kind: "recreate", machine: web, cause: "" }),
      [running],
      publishes,
      host,
    );
    assert.deepEqual(host.asked, []);
  });

  it("checks no port of kept or booting machines, and none when the runtime publishes nothing", async () => {
    const web = withSshPort("web", 2222);
    const host = fakeHost([2222]);
    await preflight(
      plan({ kind: "keep", machine: web, cause: "" }, { kind: "wait", machine: web, cause: "" }),
      [],
      publishes,
      host,
    );
    await preflight(
      plan({ kind: "create", machine: web, cause: "" }),
      [],
      { publishesPorts: false },
      host,
    );
    assert.deepEqual(host.asked, []);
  });

  it("stops with exit 2 when a virt kernel is not an ARM kernel, saying what it is", async () => {
    const web = machineConfig("web", { kernel: "/k/bzImage" });
    await assert.rejects(
      preflight(
        plan({ kind: "create", machine: web, cause: "" }),
        [],
        publishes,
        fakeHost([], { "/k/bzImage": "an x86 kernel (bzImage)" }),
      ),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.equal(
          error.message,
          "machines.web.kernel: /k/bzImage is not an ARM Linux kernel (an x86 kernel (bzImage))",
        );
        return true;
      },
    );
  });

  it("refuses an arm64 kernel on a board that runs 32-bit kernels only (versatilepb by default)", async () => {
    const web = machineConfig("web", { kernel: "/k/Image", board: undefined });
    await assert.rejects(
      preflight(
        plan({ kind: "create", machine: web, cause: "" }),
        [],
        publishes,
        fakeHost([], { "/k/Image": "aarch64" }),
      ),
      /is an arm64 kernel; board versatilepb runs 32-bit ARM kernels only/,
    );
  });

  it("accepts an arm64 or arm kernel on virt", async () => {
    const a = machineConfig("a", { kernel: "/k/Image" });
    const b = machineConfig("b", { kernel: "/k/zImage" });
    await preflight(
      plan({ kind: "create", machine: a, cause: "" }, { kind: "recreate", machine: b, cause: "" }),
      [],
      publishes,
      fakeHost([], { "/k/Image": "aarch64", "/k/zImage": "arm" }),
    );
  });

  it("is a RuntimeError when a port and a kernel are both wrong (the environment decides the exit)", async () => {
    const web = withSshPort("web", 2222, { kernel: "/k/x" });
    await assert.rejects(
      preflight(plan({ kind: "create", machine: web, cause: "" }), [], publishes, fakeHost([2222])),
      (error: unknown) => error instanceof RuntimeError,
    );
  });
});

describe("hostBindings", () => {
  it("lists ssh.port first, then every port with a fixed host side", () => {
    const web = withSshPort("web", 2222, {
      ports: [
        { hostIp: "0.0.0.0", hostPort: 8080, guestPort: 80, protocol: "tcp" },
        { hostIp: "127.0.0.1", hostPort: 0, guestPort: 81, protocol: "tcp" },
        { hostIp: "127.0.0.1", hostPort: 5353, guestPort: 53, protocol: "udp" },
      ],
    });
    assert.deepEqual(
      hostBindings(web).map((b) => `${b.field} ${b.address}:${b.port}/${b.protocol}`),
      ["ssh.port 127.0.0.1:2222/tcp", "ports[0] 0.0.0.0:8080/tcp", "ports[2] 127.0.0.1:5353/udp"],
    );
  });
});
