import { strict as assert } from "node:assert";
import { containerOptions } from "../../../../src/runtime/docker/container-options.js";
import type { MachineRunSpec } from "../../../../src/runtime/runtime.js";

function spec(overrides: Partial<MachineRunSpec> = {}): MachineRunSpec {
  return {
    project: "lab",
    machine: "web",
    labels: { "io.rpi.project": "lab", "io.rpi.machine": "web" },
    command: ["qemu-system-aarch64", "-M", "virt"],
    network: "user",
    restrict: false,
    internalNetwork: false,
    ports: [
      { hostIp: "127.0.0.1", hostPort: 0, guestPort: 22, protocol: "tcp" },
      { hostIp: "0.0.0.0", hostPort: 8080, guestPort: 80, protocol: "tcp" },
      { hostIp: "127.0.0.1", hostPort: 5353, guestPort: 53, protocol: "udp" },
    ],
    paths: [
      { path: "/work/lab/.rpi", readOnly: false },
      { path: "/images/kernel", readOnly: true },
    ],
    stopGraceSeconds: 20,
    ...overrides,
  };
}

describe("containerOptions", () => {
  it("runs a user-mode machine unprivileged, named <project>-<machine>, on the project network", () => {
    const options = containerOptions(spec(), "rpi-emulator:abc");
    assert.equal(options.name, "lab-web");
    assert.equal(options.Image, "rpi-emulator:abc");
    assert.equal(options.Hostname, "web");
    assert.deepEqual(options.Cmd, ["qemu-system-aarch64", "-M", "virt"]);
    assert.equal(options.HostConfig?.Privileged, false);
    assert.deepEqual(options.HostConfig?.CapAdd, []);
    assert.deepEqual(options.HostConfig?.Devices, []);
    assert.equal(options.HostConfig?.NetworkMode, "lab_rpi");
    assert.deepEqual(options.NetworkingConfig?.EndpointsConfig?.lab_rpi?.Aliases, ["web"]);
  });

  it("publishes each port on the address it names, a free host port for 0, tcp and udp apart", () => {
    const options = containerOptions(spec(), "img");
    assert.deepEqual(options.HostConfig?.PortBindings, {
      "22/tcp": [{ HostIp: "127.0.0.1", HostPort: "" }],
      "80/tcp": [{ HostIp: "0.0.0.0", HostPort: "8080" }],
      "53/udp": [{ HostIp: "127.0.0.1", HostPort: "5353" }],
    });
    assert.deepEqual(Object.keys(options.ExposedPorts ?? {}), ["22/tcp", "80/tcp", "53/udp"]);
  });

  it("publishes nothing on an internal network (the host reaches the container's address)", () => {
    const options = containerOptions(spec({ internalNetwork: true }), "img");
    assert.deepEqual(options.HostConfig?.PortBindings, {});
    assert.deepEqual(Object.keys(options.ExposedPorts ?? {}), ["22/tcp", "80/tcp", "53/udp"]);
  });

  it("asks for NET_ADMIN and /dev/net/tun only in bridge mode, never privilege", () => {
    const options = containerOptions(spec({ network: "bridge" }), "img");
    assert.deepEqual(options.HostConfig?.CapAdd, ["NET_ADMIN"]);
    assert.deepEqual(
      options.HostConfig?.Devices?.map((d: { PathOnHost: string }) => d.PathOnHost),
      ["/dev/net/tun"],
    );
    assert.equal(options.HostConfig?.Privileged, false);
    assert.ok(options.Env?.includes("RPI_NETWORK=bridge"));
  });

  it("binds the paths QEMU reads at the same paths, read-only where asked", () => {
    const options = containerOptions(spec(), "img");
    assert.deepEqual(options.HostConfig?.Binds, [
      "/work/lab/.rpi:/work/lab/.rpi",
      "/images/kernel:/images/kernel:ro",
    ]);
  });

  it("relays forwards from loopback for restricted guests, and gives docker stop more than the grace", () => {
    const restricted = containerOptions(spec({ restrict: true }), "img");
    assert.ok(restricted.Env?.includes("RPI_LOOPBACK_FORWARDS=22/tcp 80/tcp 53/udp"));
    assert.ok(restricted.Env?.includes("RPI_STOP_GRACE=20"));
    assert.ok((restricted.StopTimeout ?? 0) > 20);
    const open = containerOptions(spec(), "img");
    assert.ok(!open.Env?.some((e) => e.startsWith("RPI_LOOPBACK_FORWARDS")));
  });

  it("publishes QEMU's VNC server on 127.0.0.1 only when the machine asks for display: vnc", () => {
    const vnc = containerOptions(spec({ display: "vnc" }), "img");
    assert.deepEqual(vnc.HostConfig?.PortBindings?.["5900/tcp"], [
      { HostIp: "127.0.0.1", HostPort: "" },
    ]);
    const none = containerOptions(spec({ display: "none" }), "img");
    assert.equal(none.HostConfig?.PortBindings?.["5900/tcp"], undefined);
  });
});
