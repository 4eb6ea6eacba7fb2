import type { MachineConfig } from "../config/types.js";
import { consolePatternProbe, sshBannerProbe, type Probe } from "../health/index.js";
import type { ObservedMachine } from "../plan/observed.js";
import type { Runtime } from "../runtime/runtime.js";

type Listed = Omit<ObservedMachine, "ready">;

/** Where the host reaches the guest's SSH server, from what the runtime reports. */
export function sshEndpoint(listed: Listed): { host: string; port: number } | undefined {
  const port = listed.ports.find((p) => p.guestPort === 22 && p.protocol === "tcp");
  if (!port || port.hostPort === 0) return undefined;
  const host = port.hostIp === "0.0.0.0" || port.hostIp === "" ? "127.0.0.1" : port.hostIp;
  return { host, port: port.hostPort };
}

/**
 * The readiness probe of a machine (DESIGN §2 step 5): its console pattern when one is set, else
 * the SSH banner through the forwarded port (a TCP connect alone is not readiness), else none:
 * a running machine with neither counts as ready.
 */
export function readinessProbe(
  runtime: Runtime,
  project: string,
  listed: Listed,
  machine: MachineConfig | undefined,
  attemptTimeoutMs: number,
): Probe | undefined {
  const pattern = machine?.healthcheck.console;
  if (pattern !== undefined) {
    return consolePatternProbe(
      () => runtime.tail(project, listed.machine, 400),
      new RegExp(pattern),
    );
  }
  const endpoint = sshEndpoint(listed);
  if ((machine?.healthcheck.ssh ?? true) && endpoint) {
    return sshBannerProbe(endpoint.host, endpoint.port, attemptTimeoutMs);
  }
  return undefined;
}

/** One quick check of a running machine, for `status` and the no-op `up`. */
export function quickReadiness(runtime: Runtime, project: string) {
  return async (listed: Listed, machine: MachineConfig | undefined): Promise<boolean> => {
    const probe = readinessProbe(runtime, project, listed, machine, 800);
    return probe ? (await probe.check()).ready : true;
  };
}
