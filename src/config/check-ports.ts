import type { Origin } from "./merge.js";
import type { Problem } from "./problem.js";
import type { MachineConfig } from "./types.js";

interface Binding {
  hostIp: string;
  port: number;
  protocol: "tcp" | "udp";
  path: (string | number)[];
  owner: string;
}

/** Host ports (forwards and ssh.port) must be unique across all machines of the project. */
export function checkHostPorts(
  machines: readonly { config: MachineConfig; origin: Origin }[],
): Problem[] {
  const problems: Problem[] = [];
  const taken: Binding[] = [];
  for (const { config, origin } of machines) {
    const bindings: Binding[] = config.ports.map((p, i) => ({
      hostIp: p.hostIp,
      port: p.hostPort,
      protocol: p.protocol,
      path: origin(["ports", i]),
      owner: `machines.${config.name}.ports[${i}]`,
    }));
    if (config.ssh.enable && config.ssh.port !== undefined) {
      bindings.push({
        hostIp: "127.0.0.1",
        port: config.ssh.port,
        protocol: "tcp",
        path: origin(["ssh", "port"]),
        owner: `machines.${config.name}.ssh.port`,
      });
    }
    for (const binding of bindings) {
      const clash = taken.find((other) => clashes(other, binding));
      if (clash) {
        problems.push({
          path: binding.path,
          at: "value",
          message: `host port ${binding.port}${binding.protocol === "udp" ? "/udp" : ""} is already used by ${clash.owner}`,
        });
      } else {
        taken.push(binding);
      }
    }
  }
  return problems;
}

// 0.0.0.0 takes the port on every address, so it clashes with any address.
function clashes(a: Binding, b: Binding): boolean {
  return (
    a.port === b.port &&
    a.protocol === b.protocol &&
    (a.hostIp === b.hostIp || a.hostIp === "0.0.0.0" || b.hostIp === "0.0.0.0")
  );
}
