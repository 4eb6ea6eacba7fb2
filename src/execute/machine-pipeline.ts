import {
  boardMemory,
  detectKernelArch,
  KERNEL_HEADER_BYTES,
  pickBootFiles,
  selectBoard,
} from "../boards/index.js";
import type { BootFiles, KernelArch } from "../boards/index.js";
import type { BoardName, MachineConfig, ProjectConfig } from "../config/types.js";
import { planDiskEdits } from "../disk/disk-edits.js";
import { machineFileKeys } from "../disk/file-keys.js";
import { inspectImage } from "../disk/inspect-image.js";
import { readAuthorizedKeys } from "../disk/read-keys.js";
import { prepareMachineDisk, type PreparedDisk } from "../disk/prepare-disk.js";
import { ConfigError, RuntimeError } from "../errors.js";
import { isKernelMessage, waitUntilReady } from "../health/index.js";
import { forgetHostKey } from "../project/known-hosts.js";
import { stateDir } from "../project/paths.js";
import { LABELS } from "../runtime/labels.js";
import type { Runtime } from "../runtime/runtime.js";
import type { Exec } from "../util/exec.js";
import { readHead } from "../util/read-head.js";
import { configHash, hashedFields } from "../plan/config-hash.js";
import { inBootDir, machineArgv, publishedPorts } from "./boot-spec.js";
import type { MachineSteps } from "./machine-steps.js";
import { followConsole } from "./follow-console.js";
import { startupProbe } from "./readiness.js";
import { realpath } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const CONSOLE_LINES_ON_FAILURE = 20;
/** Oldest QEMU any runtime here brings (Debian bookworm): libarmmem needs no commenting out. */
const RUNTIME_QEMU_VERSION = [7, 2] as const;

interface Prepared {
  board: BoardName;
  disk: PreparedDisk;
  files: BootFiles;
  arch?: KernelArch;
}

/** The five steps of DESIGN §2 for the machines of one project, over a Runtime. */
export class MachinePipeline implements MachineSteps {
  private engine?: Promise<string>;
  /** The project network, under way from the first step; true when this `up` created it. */
  private network?: Promise<boolean>;
  /** Whether any machine has a container on the project network. */
  private joined = false;
  private tools?: Promise<{ exec: Exec; release(): Promise<void> }>;
  private readonly prepared = new Map<string, Prepared>();

  /** `network`: the project network, when the caller asked for it ahead of the steps. */
  constructor(
    private readonly config: ProjectConfig,
    private readonly runtime: Runtime,
    private readonly managementKey: string,
    network?: Promise<boolean>,
    private readonly stopGraceSeconds = 20,
  ) {
    this.network = network;
  }

  /**
   * Ends what the steps started for themselves: the disk-tools container, and the project network
   * when this `up` created it but no machine got as far as a container (nothing half-started stays).
   */
  async close(): Promise<void> {
    const tools = await this.tools?.catch(() => undefined);
    await tools?.release();
    if ((await this.network?.catch(() => false)) && !this.joined) {
      await this.runtime.removeNetwork(this.config.name).catch(() => undefined);
    }
  }

  /**
   * The project network needs nothing the earlier steps make: it is created from the first step on,
   * while the image is checked and the disk prepared.
   */
  private networkUnderWay(): Promise<boolean> {
    if (!this.network) {
      this.network = this.runtime.ensureNetwork(this.config.name, this.config.internal);
      // A failure is reported by the create-bridge step, which awaits this same promise.
      this.network.catch(() => undefined);
    }
    return this.network;
  }

  /** The disk tools, acquired once the emulator image exists: the host's, or the image's. */
  private async diskExec(): Promise<Exec> {
    await this.buildImage();
    this.tools ??= (async () => {
      const images = await Promise.all(
        this.config.machines.map(async (m) => [dirname(m.image), dirname(await realpath(m.image))]),
      );
      return this.runtime.diskTools(this.config.name, {
        readOnly: images.flat(),
        readWrite: [stateDir(this.config.dir), tmpdir()],
      });
    })();
    return (await this.tools).exec;
  }

  buildImage(): Promise<string> {
    void this.networkUnderWay();
    this.engine ??= this.runtime.prepareEngine(() => undefined).then((result) => result.detail);
    return this.engine;
  }

  async preparePartitions(machine: MachineConfig, onLine: (line: string) => void): Promise<string> {
    const exec = await this.diskExec();
    const facts = await inspectImage(machine.image, exec, {
      cacheDir: join(stateDir(this.config.dir), "cache", "images"),
      onProgress: onLine,
    });
    const board = orThrow(
      selectBoard({
        board: machine.board,
        kernel: machine.kernel,
        bootFiles: facts.bootFiles,
        image: machine.image,
      }),
    );
    checkMemory(machine, board);
    const userKeys = await readAuthorizedKeys(machine.name, machine.ssh.authorizedKeys);
    const edits = planDiskEdits({
      machine,
      facts,
      board,
      managementKey: this.managementKey,
      // rpi's key opens the user's account too, so `rpi ssh` works without keys of the user's own.
      userKeys: [this.managementKey, ...userKeys],
      qemuVersion: RUNTIME_QEMU_VERSION,
    });
    const disk = await prepareMachineDisk({
      projectDir: this.config.dir,
      machine,
      board,
      facts,
      edits,
      exec,
      onProgress: onLine,
    });
    const files = machine.kernel
      ? { kernel: machine.kernel, dtb: machine.dtb, initrd: machine.initrd }
      : inBootDir(
          disk.boot.dir,
          orThrow(
            pickBootFiles({
              board,
              bootFiles: disk.boot.files,
              configTxt: facts.configTxt,
              image: machine.image,
            }),
          ),
        );
    const arch = board === "virt" ? await kernelArch(files.kernel) : undefined;
    this.prepared.set(machine.name, { board, disk, files, arch });
    const how = disk.reused ? "base reused" : "base prepared";
    return `${board}, ${how}, ${edits.length} edits, ${Math.round(disk.sizeBytes / 2 ** 20)} MiB`;
  }

  async createBridge(): Promise<string> {
    await this.networkUnderWay();
    return this.runtime.kind === "docker" ? "project network ready" : "host network";
  }

  async boot(machine: MachineConfig, how: "create" | "recreate" | "start"): Promise<string> {
    if (how === "start") {
      this.joined = true;
      await this.runtime.start(this.config.name, machine.name);
      return "started";
    }
    const prepared = this.prepared.get(machine.name);
    if (!prepared) {
      throw new RuntimeError(`${machine.name}: boot before its disk was prepared`);
    }
    const ports = publishedPorts(machine);
    const argv = machineArgv({
      project: this.config.name,
      machine,
      board: prepared.board,
      arch: prepared.arch,
      files: prepared.files,
      cmdlineTxt: prepared.disk.cmdlineTxt,
      overlay: prepared.disk.overlay,
      forwards: await this.runtime.forwardListens(ports, { restrict: machine.restrict }),
      monitor: this.runtime.monitorSocket(machine.name),
    });
    if (how === "recreate") await this.runtime.remove(this.config.name, machine.name);
    await forgetHostKey(this.config.dir, this.config.name, machine.name);
    await this.runtime.create({
      project: this.config.name,
      machine: machine.name,
      labels: {
        [LABELS.project]: this.config.name,
        [LABELS.machine]: machine.name,
        [LABELS.configHash]: configHash(machine),
        [LABELS.config]: JSON.stringify(hashedFields(machine)),
        [LABELS.board]: prepared.board,
        [LABELS.sshUser]: machine.ssh.user,
        [LABELS.network]: machine.network,
        [LABELS.files]: JSON.stringify(
          await machineFileKeys(machine, prepared.disk.facts.identity),
        ),
      },
      command: machine.command ?? argv,
      network: machine.network,
      restrict: machine.restrict,
      internalNetwork: this.config.internal,
      ports,
      display: machine.display,
      paths: [
        { path: stateDir(this.config.dir), readOnly: false },
        ...[machine.kernel, machine.dtb, machine.initrd]
          .filter((path): path is string => path !== undefined)
          .map((path) => ({ path, readOnly: true })),
      ],
      stopGraceSeconds: this.stopGraceSeconds,
    });
    this.joined = true;
    await this.runtime.start(this.config.name, machine.name);
    return `${prepared.board} started`;
  }

  async healthCheck(machine: MachineConfig, onLine: (line: string) => void): Promise<string> {
    const project = this.config.name;
    const [listed] = await this.runtime.list(project, machine.name);
    if (!listed) {
      throw new RuntimeError("the machine vanished before its health check");
    }
    const probe = startupProbe(this.runtime, project, listed, machine);
    if (!probe) {
      return "running (no SSH and no console pattern to wait for)";
    }
    const watch = "consoleOutput" in probe ? probe : undefined;
    // The console as it comes: its last line is the progress shown, and it paces a banner watch.
    const guestConsole = await followConsole(this.runtime, project, machine.name, (lines) => {
      if (!lines.every(isKernelMessage)) watch?.consoleOutput();
    });
    const result = await waitUntilReady({
      probe,
      timeoutMs: machine.healthcheck.timeoutMs,
      // A watch's check waits for the banner itself (up to a second); other probes are asked again soon.
      initialDelayMs: watch ? 0 : 100,
      maxDelayMs: watch ? 0 : 250,
      onAttempt: () => {
        const line = guestConsole.lastLine();
        if (line !== "") onLine(line);
      },
      giveUp: async () => {
        // The console stream ends when the machine does: only then (or unfollowed) ask the engine.
        if (guestConsole.following()) return undefined;
        const [now] = await this.runtime.list(project, machine.name);
        return now && now.state !== "running"
          ? `the machine ${now.state}${now.exitCode === undefined ? "" : ` with code ${now.exitCode}`}`
          : undefined;
      },
    }).finally(() => {
      watch?.close();
      guestConsole.stop();
    });
    if (result.ready) {
      return `ready after ${(result.afterMs / 1000).toFixed(1)} s (${result.detail})`;
    }
    const lines = await this.runtime.tail(project, machine.name, CONSOLE_LINES_ON_FAILURE);
    // No machine name here: the report prefixes every failure with it (`error: pi: …`).
    throw new RuntimeError(
      `${result.reason}\n--- last ${CONSOLE_LINES_ON_FAILURE} console lines ---\n${lines.trimEnd()}`,
      `see the whole console with \`rpi logs ${machine.name}\`; raise healthcheck.timeout if the guest is just slow`,
    );
  }

  async removeOrphan(name: string): Promise<void> {
    await this.runtime.remove(this.config.name, name);
  }
}

function orThrow<T>(value: T | ConfigError): T {
  if (value instanceof ConfigError) throw value;
  return value;
}

/** Memory of a machine whose board came from the image: checked now, with the config's own rule. */
function checkMemory(machine: MachineConfig, board: BoardName): void {
  const rule = boardMemory(board);
  if (machine.memory !== undefined && !rule.allows(machine.memory)) {
    throw new ConfigError(
      `machines.${machine.name}.memory: ${machine.memory} is not allowed for board ${board} (${rule.description})`,
      `set memory to ${rule.default} or leave it out; or set board: to one that allows ${machine.memory}`,
    );
  }
}

async function kernelArch(kernel: string): Promise<KernelArch> {
  const header = await readHead(kernel, KERNEL_HEADER_BYTES);
  const arch = detectKernelArch(header, kernel);
  if (!arch) {
    throw new ConfigError(
      `${kernel} is not an ARM Linux kernel (neither an arm64 Image nor an arm zImage)`,
      "give a kernel built for ARM (a Pi image's kernel8.img or kernel7.img, or Debian's vmlinuz)",
    );
  }
  return arch;
}
