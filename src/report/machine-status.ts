import type { ProjectConfig } from "../config/types.js";
import type { ObservedMachine, ObservedPort } from "../plan/observed.js";

export const MACHINE_STATES = [
  "missing",
  "created",
  "booting",
  "ready",
  "unhealthy",
  "exited",
  "paused",
] as const;
export type MachineState = (typeof MACHINE_STATES)[number];

/** One row of `rpi status`; the JSON form is this object (documented in the README). */
export interface MachineStatus {
  machine: string;
  state: MachineState;
  /** Set when state is exited. */
  exitCode?: number;
  board?: string;
  ssh?: { host: string; port: number; user: string };
  ports: ObservedPort[];
  /** Seconds since the machine started; set while it runs. */
  uptimeSeconds?: number;
  /** In the file, or a leftover of a machine no longer there. */
  inFile: boolean;
}

/** Pure: what each machine of the file (and each orphan) is, from one observed snapshot. */
export function machineStatuses(
  config: ProjectConfig,
  observed: ObservedMachine[],
  now: Date,
): MachineStatus[] {
  const byName = new Map(observed.map((machine) => [machine.machine, machine]));
  const rows = config.machines.map((machine): MachineStatus => {
    const found = byName.get(machine.name);
    if (!found) {
      return {
        machine: machine.name,
        state: "missing",
        board: machine.board,
        ports: [],
        inFile: true,
      };
    }
    return statusOf(found, machine.healthcheck.timeoutMs, now, true);
  });
  const names = new Set(config.machines.map((machine) => machine.name));
  for (const orphan of observed.filter((machine) => !names.has(machine.machine))) {
    rows.push(statusOf(orphan, Number.POSITIVE_INFINITY, now, false));
  }
  return rows;
}

function statusOf(
  found: ObservedMachine,
  timeoutMs: number,
  now: Date,
  inFile: boolean,
): MachineStatus {
  const ssh = found.ports.find((port) => port.guestPort === 22 && port.protocol === "tcp");
  const uptimeMs = found.startedAt ? now.getTime() - found.startedAt.getTime() : undefined;
  return {
    machine: found.machine,
    state: stateOf(found, uptimeMs, timeoutMs),
    exitCode: found.state === "exited" || found.state === "dead" ? found.exitCode : undefined,
    board: found.board,
    ssh: ssh ? { host: ssh.hostIp, port: ssh.hostPort, user: found.sshUser ?? "pi" } : undefined,
    ports: found.ports.filter((port) => port !== ssh),
    uptimeSeconds: uptimeMs === undefined ? undefined : Math.max(0, Math.round(uptimeMs / 1000)),
    inFile,
  };
}

function stateOf(
  found: ObservedMachine,
  uptimeMs: number | undefined,
  timeoutMs: number,
): MachineState {
  switch (found.state) {
    case "running":
    case "restarting":
      if (found.ready) return "ready";
      return (uptimeMs ?? 0) > timeoutMs ? "unhealthy" : "booting";
    case "created":
      return "created";
    case "paused":
      return "paused";
    case "exited":
    case "dead":
      return "exited";
  }
}
