import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { RuntimeError } from "../../errors.js";
import { NETWORK_MODES, type NetworkMode } from "../../config/types.js";
import type { ContainerState, ObservedPort } from "../../plan/observed.js";

/** What the local runtime remembers about one machine, in `<machineDir>/state.json`. */
export interface MachineState {
  labels: Record<string, string>;
  /** The argv the machine runs (argv[0] the QEMU binary or the user's command). */
  command: string[];
  /** Where QEMU actually listens on the host, one entry per forwarded guest port. */
  ports: ObservedPort[];
  network: NetworkMode;
  stopGraceSeconds: number;
  createdAt: string;
  /** Set by start: the `sh` wrapper that records the exit code, and the machine's own process. */
  startedAt?: string;
  wrapperPid?: number;
  pid?: number;
}

/** The files the runtime owns in a machine's directory; the disk overlay beside them is not ours. */
export function machineFiles(dir: string) {
  return {
    state: join(dir, "state.json"),
    console: join(dir, "console.log"),
    /** Written by the wrapper: the machine process's pid (`$!`). */
    pid: join(dir, "pid"),
    /** QEMU's own `-pidfile` (QEMU locks it, so one machine dir never runs two QEMUs). */
    qemuPid: join(dir, "qemu.pid"),
    /** Written by the wrapper when the machine process ends: its exit status. */
    exit: join(dir, "exit-code"),
    monitor: join(dir, "monitor.sock"),
  };
}

/** Pure: a state.json's text → MachineState, or an error message saying what is wrong. */
export function parseMachineState(text: string): { state: MachineState } | { error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { error: `not JSON: ${(error as Error).message}` };
  }
  if (typeof raw !== "object" || raw === null) return { error: "not an object" };
  const value = raw as Record<string, unknown>;
  if (!isStringRecord(value.labels)) return { error: "labels: expected an object of strings" };
  if (
    !Array.isArray(value.command) ||
    value.command.length === 0 ||
    !value.command.every((a) => typeof a === "string")
  ) {
    return { error: "command: expected a non-empty array of strings" };
  }
  if (!Array.isArray(value.ports) || !value.ports.every(isPort))
    return { error: "ports: expected host bindings" };
  if (!NETWORK_MODES.includes(value.network as NetworkMode))
    return { error: `network: unknown mode ${String(value.network)}` };
  if (typeof value.createdAt !== "string") return { error: "createdAt: expected a string" };
  for (const key of ["wrapperPid", "pid"] as const) {
    if (value[key] !== undefined && !isPid(value[key]))
      return { error: `${key}: expected a process id` };
  }
  if (value.startedAt !== undefined && typeof value.startedAt !== "string")
    return { error: "startedAt: expected a string" };
  const state: MachineState = {
    labels: value.labels,
    command: value.command as string[],
    ports: value.ports as ObservedPort[],
    network: value.network as NetworkMode,
    stopGraceSeconds: typeof value.stopGraceSeconds === "number" ? value.stopGraceSeconds : 20,
    createdAt: value.createdAt,
  };
  // Only what the file has: a never-started machine carries no start fields at all.
  if (value.startedAt !== undefined) state.startedAt = value.startedAt;
  if (value.wrapperPid !== undefined) state.wrapperPid = value.wrapperPid as number;
  if (value.pid !== undefined) state.pid = value.pid as number;
  return { state };
}

/** Pure: the text of a pid or exit-code file → the number, or undefined while it is empty or half written. */
export function parseNumberFile(text: string): number | undefined {
  const trimmed = text.trim();
  return /^\d+$/.test(trimmed) ? Number(trimmed) : undefined;
}

/** Reads a machine's state; undefined when it has none (never created, or removed). */
export async function readMachineState(dir: string): Promise<MachineState | undefined> {
  let text: string;
  try {
    text = await readFile(machineFiles(dir).state, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const parsed = parseMachineState(text);
  if ("error" in parsed) {
    // A state file we cannot read describes no machine we can manage; say where it is.
    throw new RuntimeError(
      `${machineFiles(dir).state} is damaged: ${parsed.error}`,
      "end its QEMU process if one still runs, then delete that file so rpi can create the machine again",
    );
  }
  return parsed.state;
}

/** Writes a machine's state atomically, so a concurrent `rpi status` never reads half a file. */
export async function writeMachineState(dir: string, state: MachineState): Promise<void> {
  await mkdir(dir, { recursive: true });
  const file = machineFiles(dir).state;
  await writeFile(`${file}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  await rename(`${file}.tmp`, file);
}

/** Reads a pid or exit-code file; undefined when missing or not yet complete. */
export async function readNumberFile(file: string): Promise<number | undefined> {
  try {
    return parseNumberFile(await readFile(file, "utf8"));
  } catch {
    return undefined;
  }
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === "string")
  );
}

function isPid(value: unknown): boolean {
  return typeof value === "number" && Number.isInteger(value) && value > 0;
}

function isPort(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  const port = value as Record<string, unknown>;
  return (
    typeof port.hostIp === "string" &&
    typeof port.hostPort === "number" &&
    typeof port.guestPort === "number" &&
    (port.protocol === "tcp" || port.protocol === "udp")
  );
}

/** Pure: the container-like state of a machine from what its files say. */
export function observedState(
  state: MachineState,
  running: boolean,
  exitCode: number | undefined,
  wrapperRunning: boolean,
): ContainerState {
  if (state.pid === undefined) return "created";
  if (running) return "running";
  // No exit code and no wrapper left to write one: something killed the wrapper itself.
  return exitCode === undefined && !wrapperRunning ? "dead" : "exited";
}
