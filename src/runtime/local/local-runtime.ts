import type { FileKeys } from "../../disk/file-keys.js";
import { existsSync } from "node:fs";
import { readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { RuntimeError } from "../../errors.js";
import type { ObservedMachine, ObservedPort } from "../../plan/observed.js";
import { machineDir, stateDir } from "../../project/paths.js";
import { hostExec, type Exec } from "../../util/exec.js";
import { LABELS } from "../labels.js";
import type {
  ForwardListen,
  LogOptions,
  MachineRunSpec,
  PublishedPort,
  Runtime,
} from "../runtime.js";
import { consoleStream, tailFile } from "./console-log.js";
import { freePort, freeVncDisplay } from "./free-port.js";
import {
  machineFiles,
  observedState,
  readMachineState,
  readNumberFile,
  writeMachineState,
  type MachineState,
} from "./machine-state.js";
import { sendMonitorCommand } from "./monitor.js";
import { hostProc, isSameProcess, type ProcReader } from "./process-liveness.js";
import {
  bindHostForwards,
  bindVnc,
  monitorSocketFor,
  monitorSocketPath,
  withSupervision,
} from "./qemu-argv.js";
import { checkHostQemu } from "./qemu-check.js";
import { VNC_BASE_PORT } from "../../boards/vnc.js";
import { spawnSupervised } from "./spawn-machine.js";

type Listed = Omit<ObservedMachine, "ready">;

/** How long QEMU gets to exit after SIGTERM before it is killed. */
const TERM_GRACE_MS = 5000;

/**
 * Machines as QEMU processes on this host (DESIGN §6), supervised through files in
 * `.rpi/machines/<name>/`: state.json, the console log, the pid and exit-code files.
 *
 * There is no project network here: ensureNetwork/removeNetwork do nothing, and machines do not
 * reach each other by name — only through the host's forwarded ports (e.g. 10.0.2.2:<port> in QEMU
 * user networking).
 */
export class LocalRuntime implements Runtime {
  readonly kind = "local";

  constructor(
    private readonly projectDir: string,
    private readonly exec: Exec = hostExec,
    private readonly proc: ProcReader = hostProc,
  ) {}

  async list(project: string, machine?: string): Promise<Listed[]> {
    let names: string[];
    try {
      const entries = await readdir(join(stateDir(this.projectDir), "machines"), {
        withFileTypes: true,
      });
      names = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
    const listed: Listed[] = [];
    for (const name of names.sort()) {
      if (machine !== undefined && name !== machine) continue;
      const state = await readMachineState(machineDir(this.projectDir, name));
      if (state?.labels[LABELS.project] !== project) continue;
      listed.push(await this.observe(name, state));
    }
    return listed;
  }

  async prepareEngine(onLine: (line: string) => void): Promise<{ built: boolean; detail: string }> {
    const result = await checkHostQemu(this.exec);
    onLine(result.detail);
    return result;
  }

  /** Nothing to create: local machines share no network; they reach each other through forwarded host ports. */
  async diskTools(): Promise<{ exec: Exec; release(): Promise<void> }> {
    return { exec: hostExec, release: async () => undefined };
  }

  async ensureNetwork(): Promise<boolean> {
    return false;
  }

  async removeNetwork(): Promise<void> {}

  async forwardListens(ports: PublishedPort[]): Promise<ForwardListen[]> {
    const listens: ForwardListen[] = [];
    for (const port of ports) {
      // On the host an empty address would listen on every interface: loopback unless the user named one.
      const address = port.hostIp || "127.0.0.1";
      listens.push({
        address,
        port: port.hostPort === 0 ? await freePort(address, port.protocol) : port.hostPort,
        guestPort: port.guestPort,
        protocol: port.protocol,
      });
    }
    return listens;
  }

  /** Beside the machine's state, unless that path is too long for a unix socket (then in the runtime dir). */
  monitorSocket(machine: string): string {
    return monitorSocketFor(
      machineFiles(machineDir(this.projectDir, machine)).monitor,
      process.env.XDG_RUNTIME_DIR || tmpdir(),
    );
  }

  async create(spec: MachineRunSpec): Promise<void> {
    if (spec.network === "bridge") {
      throw new RuntimeError(
        `machine ${spec.machine}: network: bridge cannot run as a QEMU process on the host (a tap device needs root)`,
        "use the docker runtime (network: bridge needs NET_ADMIN in a container) or network: user",
      );
    }
    const dir = machineDir(this.projectDir, spec.machine);
    const existing = await readMachineState(dir);
    if (existing && this.running(existing)) {
      throw new RuntimeError(
        `machine ${spec.machine} already exists and runs`,
        "remove it first (`rpi down`)",
      );
    }
    const files = machineFiles(dir);
    await removeFiles([files.console, files.pid, files.qemuPid, files.exit]);
    const bound = bindHostForwards(spec.command, spec.ports);
    const vnc = spec.display === "vnc" ? await vncListen(bound.argv) : undefined;
    await writeMachineState(dir, {
      labels: spec.labels,
      command: withSupervision(vnc?.argv ?? bound.argv, {
        qemuPid: files.qemuPid,
        monitor: this.monitorSocket(spec.machine),
      }),
      ports: [...withPublished(bound.ports, spec.ports), ...(vnc ? [vnc.port] : [])],
      network: spec.network,
      stopGraceSeconds: spec.stopGraceSeconds,
      createdAt: new Date().toISOString(),
    });
  }

  async start(project: string, machine: string): Promise<void> {
    const { dir, state } = await this.required(project, machine);
    if (this.running(state)) return;
    const files = machineFiles(dir);
    await removeFiles([files.exit, files.pid, files.qemuPid]);
    const { wrapperPid, pid } = await spawnSupervised(state.command, files, this.projectDir);
    const started: MachineState = {
      ...state,
      wrapperPid,
      pid,
      startedAt: new Date().toISOString(),
    };
    // Until the wrapper's fork has exec'd the program, /proc shows `sh` (or nothing, mid-exec), and the
    // machine would look ended: return once it looks like itself, or has already exited.
    await poll(() => this.running(started) || existsSync(files.exit), 5000);
    await writeMachineState(dir, started);
  }

  /** Powers the guest off through the QEMU monitor, waits graceSeconds, then SIGTERM, then SIGKILL. */
  async stop(project: string, machine: string, graceSeconds: number): Promise<void> {
    const found = await this.find(project, machine);
    if (!found || !this.running(found.state)) return;
    const { state } = found;
    const monitor = monitorSocketPath(state.command);
    if (monitor && (await sendMonitorCommand(monitor, "system_powerdown"))) {
      if (await this.waitFor(state, graceSeconds * 1000)) return this.waitForWrapper(state);
    }
    await this.signalAndWait(state, "SIGTERM", TERM_GRACE_MS);
    await this.signalAndWait(state, "SIGKILL", TERM_GRACE_MS);
    await this.waitForWrapper(state);
  }

  async waitExit(project: string, machine: string, timeoutMs: number): Promise<boolean> {
    const found = await this.find(project, machine);
    if (!found) return true;
    const exited = await this.waitFor(found.state, timeoutMs);
    // Callers read the exit code next: let the wrapper record it first.
    if (exited) await this.waitForWrapper(found.state);
    return exited;
  }

  /** Kills the machine if it runs and deletes the runtime's files; the disk overlay beside them stays. */
  async remove(project: string, machine: string): Promise<void> {
    const found = await this.find(project, machine);
    if (!found) return;
    await this.signalAndWait(found.state, "SIGKILL", TERM_GRACE_MS);
    await this.waitForWrapper(found.state);
    const files = machineFiles(found.dir);
    const monitor = monitorSocketPath(found.state.command);
    await removeFiles([
      files.console,
      files.pid,
      files.qemuPid,
      files.exit,
      `${files.exit}.tmp`,
      // Only the socket we placed: a path the user named in their own QEMU arguments is theirs.
      ...(monitor === this.monitorSocket(machine) ? [monitor] : []),
      files.state,
    ]);
  }

  async logs(project: string, machine: string, options: LogOptions): Promise<Readable> {
    const { dir } = await this.required(project, machine);
    return consoleStream(machineFiles(dir).console, options, async () => {
      const found = await this.find(project, machine);
      return found !== undefined && (this.running(found.state) || this.wrapperRunning(found.state));
    });
  }

  async tail(project: string, machine: string, lines: number): Promise<string> {
    return tailFile(machineFiles(machineDir(this.projectDir, machine)).console, lines);
  }

  private async observe(name: string, state: MachineState): Promise<Listed> {
    const running = this.running(state);
    const exitCode =
      running || state.pid === undefined
        ? undefined
        : await readNumberFile(machineFiles(machineDir(this.projectDir, name)).exit);
    return {
      machine: state.labels[LABELS.machine] ?? name,
      state: observedState(state, running, exitCode, this.wrapperRunning(state)),
      configHash: state.labels[LABELS.configHash] ?? "",
      hashedFields: parseJson(state.labels[LABELS.config]),
      board: state.labels[LABELS.board],
      sshUser: state.labels[LABELS.sshUser],
      fileKeys: parseJson(state.labels[LABELS.files]) as FileKeys,
      ports: state.ports,
      startedAt: running && state.startedAt ? new Date(state.startedAt) : undefined,
      exitCode,
    };
  }

  private running(state: MachineState): boolean {
    return isSameProcess(state.pid, state.command[0] ?? "", this.proc);
  }

  private wrapperRunning(state: MachineState): boolean {
    return isSameProcess(state.wrapperPid, "sh", this.proc);
  }

  /** The machine's state when it exists and belongs to the project. */
  private async find(
    project: string,
    machine: string,
  ): Promise<{ dir: string; state: MachineState } | undefined> {
    const dir = machineDir(this.projectDir, machine);
    const state = await readMachineState(dir);
    return state?.labels[LABELS.project] === project ? { dir, state } : undefined;
  }

  private async required(
    project: string,
    machine: string,
  ): Promise<{ dir: string; state: MachineState }> {
    const found = await this.find(project, machine);
    if (!found) {
      throw new RuntimeError(
        `machine ${machine} of project ${project} does not exist`,
        "create it with `rpi up`",
      );
    }
    return found;
  }

  private async signalAndWait(
    state: MachineState,
    signal: NodeJS.Signals,
    timeoutMs: number,
  ): Promise<boolean> {
    if (!this.running(state) || state.pid === undefined) return true;
    try {
      process.kill(state.pid, signal);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
    }
    return this.waitFor(state, timeoutMs);
  }

  /** The wrapper writes the exit code just after the machine ends: give it a moment. */
  private async waitForWrapper(state: MachineState): Promise<void> {
    await poll(() => !this.wrapperRunning(state), 2000);
  }

  private async waitFor(state: MachineState, timeoutMs: number): Promise<boolean> {
    return poll(() => !this.running(state), timeoutMs);
  }
}

/**
 * `display: vnc` on the host: QEMU's VNC server on a free display of 127.0.0.1, reported as Docker
 * reports the container's (host port → 5900).
 */
async function vncListen(argv: string[]): Promise<{ argv: string[]; port: ObservedPort }> {
  const hostIp = "127.0.0.1";
  const display = await freeVncDisplay(hostIp, VNC_BASE_PORT);
  return {
    argv: bindVnc(argv, display),
    port: { hostIp, hostPort: VNC_BASE_PORT + display, guestPort: VNC_BASE_PORT, protocol: "tcp" },
  };
}

/** Pure: the bindings QEMU listens on, plus published ports with a fixed host port that the argv does not forward (a user's own command listens there itself). */
function withPublished(
  forwarded: ObservedPort[],
  published: readonly PublishedPort[],
): ObservedPort[] {
  const extra = published
    .filter((port) => port.hostPort !== 0)
    .filter(
      (port) =>
        !forwarded.some((f) => f.guestPort === port.guestPort && f.protocol === port.protocol),
    )
    .map((port) => ({ ...port, hostIp: port.hostIp || "127.0.0.1" }));
  return [...forwarded, ...extra];
}

async function poll(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (done()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function removeFiles(paths: string[]): Promise<void> {
  await Promise.all(paths.map((path) => rm(path, { force: true })));
}

function parseJson(text: string | undefined): Record<string, unknown> {
  try {
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
