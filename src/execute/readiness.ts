import type { MachineConfig } from "../config/types.js";
import {
  consolePatternProbe,
  sshBannerProbe,
  sshBannerWatch,
  type Probe,
  type SshBannerWatch,
} from "../health/index.js";
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
 * a running machine with neither counts as ready. A machine whose SSH is checked but that the
 * runtime reports no SSH endpoint for is never ready (it used to count as ready, unprobed).
 */
export function readinessProbe(
  runtime: Runtime,
  project: string,
  listed: Listed,
  machine: MachineConfig | undefined,
  timing: { attemptTimeoutMs: number; checkEveryMs?: number; askAgainWhenClosed?: boolean },
): Probe | undefined {
  const pattern = machine?.healthcheck.console;
  if (pattern !== undefined) {
    return consolePatternProbe(
      () => runtime.tail(project, listed.machine, 400),
      new RegExp(pattern),
    );
  }
  const endpoint = sshEndpoint(listed);
  const checksSsh = machine?.healthcheck.ssh ?? true;
  if (checksSsh && endpoint) {
    const { attemptTimeoutMs, checkEveryMs, askAgainWhenClosed } = timing;
    return sshBannerProbe(
      endpoint.host,
      endpoint.port,
      attemptTimeoutMs,
      checkEveryMs,
      askAgainWhenClosed,
    );
  }
  if (checksSsh && machine?.ssh.enable) {
    return noEndpointProbe;
  }
  return undefined;
}

/**
 * `up`'s probe of a machine it just started: for the SSH banner a watch that the guest's console
 * paces (see health/banner-pace.ts), else the same probe as readinessProbe().
 */
export function startupProbe(
  runtime: Runtime,
  project: string,
  listed: Listed,
  machine: MachineConfig,
): Probe | SshBannerWatch | undefined {
  const endpoint = sshEndpoint(listed);
  if (machine.healthcheck.console === undefined && machine.healthcheck.ssh && endpoint) {
    return sshBannerWatch(endpoint.host, endpoint.port);
  }
  return readinessProbe(runtime, project, listed, machine, { attemptTimeoutMs: 5000 });
}

const noEndpointProbe: Probe = {
  describe: "an SSH endpoint for guest port 22",
  check: () =>
    Promise.resolve({
      ready: false,
      detail: "the runtime reports no SSH endpoint (guest port 22)",
    }),
};

/**
 * One quick check of a running machine, for `status` and the no-op `up`. `early` holds banner reads
 * already under way (see startEarlyBanners); a machine checked by its SSH banner uses its own.
 */
export function quickReadiness(
  runtime: Runtime,
  project: string,
  early?: Map<string, Promise<boolean>>,
) {
  return async (listed: Listed, machine: MachineConfig | undefined): Promise<boolean> => {
    const endpoint = sshEndpoint(listed);
    const started = endpoint && early?.get(`${endpoint.host}:${endpoint.port}`);
    if (started && machine?.healthcheck.console === undefined && machine?.healthcheck.ssh) {
      return started;
    }
    // One check, given the whole 800 ms: a busy emulated guest can take longer than a poll's pause to
    // answer, and right after a boot its sshd may turn a connection away (as the early reads allow).
    const probe = readinessProbe(runtime, project, listed, machine, {
      attemptTimeoutMs: 800,
      checkEveryMs: 800,
      askAgainWhenClosed: true,
    });
    return probe ? (await probe.check()).ready : true;
  };
}
