import type { ContainerCreateOptions } from "dockerode";
import type { MachineRunSpec } from "../runtime.js";
import { VNC_BASE_PORT } from "../../boards/vnc.js";
import { containerName, networkName } from "./names.js";

const VNC_PORT = `${VNC_BASE_PORT}/tcp`;

/** Pure: the docker create options of one machine. Unprivileged unless the machine bridges its network. */
export function containerOptions(spec: MachineRunSpec, image: string): ContainerCreateOptions {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const port of spec.ports) {
    const key = `${port.guestPort}/${port.protocol}`;
    exposed[key] = {};
    // Docker publishes nothing from internal networks; there the host reaches the container's address.
    if (spec.internalNetwork) continue;
    (bindings[key] ??= []).push({
      HostIp: port.hostIp,
      HostPort: port.hostPort === 0 ? "" : String(port.hostPort),
    });
  }
  if (spec.display === "vnc") {
    // QEMU's own VNC server (`-vnc :0`) listens in the container; like SSH, only on the host's loopback.
    exposed[VNC_PORT] = {};
    if (!spec.internalNetwork) bindings[VNC_PORT] = [{ HostIp: "127.0.0.1", HostPort: "" }];
  }
  const bridge = spec.network === "bridge";
  return {
    name: containerName(spec.project, spec.machine),
    Image: image,
    Hostname: spec.machine,
    Labels: spec.labels,
    Cmd: spec.command,
    Env: [
      `RPI_NETWORK=${spec.network}`,
      `RPI_STOP_GRACE=${spec.stopGraceSeconds}`,
      ...(spec.restrict && spec.network === "user"
        ? [
            `RPI_LOOPBACK_FORWARDS=${spec.ports.map((p) => `${p.guestPort}/${p.protocol}`).join(" ")}`,
          ]
        : []),
    ],
    ExposedPorts: exposed,
    StopTimeout: spec.stopGraceSeconds + 10,
    HostConfig: {
      PortBindings: bindings,
      Binds: spec.paths.map(({ path, readOnly }) => `${path}:${path}${readOnly ? ":ro" : ""}`),
      NetworkMode: networkName(spec.project),
      CapAdd: bridge ? ["NET_ADMIN"] : [],
      Devices: bridge
        ? [
            {
              PathOnHost: "/dev/net/tun",
              PathInContainer: "/dev/net/tun",
              CgroupPermissions: "rwm",
            },
          ]
        : [],
      Privileged: false,
    },
    NetworkingConfig: {
      EndpointsConfig: { [networkName(spec.project)]: { Aliases: [spec.machine] } },
    },
  };
}
