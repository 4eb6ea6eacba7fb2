import { basename, join } from "node:path";
import { boardMemory, boardProfile, kernelCmdline, machineMac, qemuArgs } from "../boards/index.js";
import type { BootFiles, BootSpec, KernelArch } from "../boards/index.js";
import type { BoardName, MachineConfig } from "../config/types.js";
import type { ForwardListen, PublishedPort } from "../runtime/runtime.js";

/** The ports a machine publishes: SSH (guest 22) first when enabled, then its `ports`. */
export function publishedPorts(machine: MachineConfig): PublishedPort[] {
  const ssh: PublishedPort[] = machine.ssh.enable
    ? [{ hostIp: "127.0.0.1", hostPort: machine.ssh.port ?? 0, guestPort: 22, protocol: "tcp" }]
    : [];
  return [...ssh, ...machine.ports];
}

export interface BootInputs {
  project: string;
  machine: MachineConfig;
  board: BoardName;
  /** For virt: the kernel's architecture, read from its header. */
  arch?: KernelArch;
  /** Kernel, dtb and initrd as absolute paths. */
  files: BootFiles;
  cmdlineTxt?: string;
  overlay: string;
  forwards: ForwardListen[];
  monitor: string;
}

/** Pure: the QEMU argv of one machine, from its config, its board and its prepared disk. */
export function machineArgv(inputs: BootInputs): string[] {
  const { machine, board } = inputs;
  const profile = boardProfile(board);
  const spec = {
    kernel: inputs.files.kernel,
    dtb: inputs.files.dtb,
    initrd: inputs.files.initrd,
    disk: { path: inputs.overlay, format: "qcow2" as const },
    memoryMiB: machine.memory ?? boardMemory(board).default,
    cpus: machine.cpus,
    cmdline: kernelCmdline({
      cmdlineTxt: inputs.cmdlineTxt,
      profile,
      cmdline: machine.cmdline,
      hostname: machine.hostname,
    }),
    network: bootNetwork(machine, inputs.forwards),
    mac: machineMac(inputs.project, machine.name),
    graphics: machine.graphics,
    display: machine.display,
    monitor: inputs.monitor,
    extra: machine.qemu,
  };
  const full: BootSpec =
    board === "virt"
      ? { ...spec, board, arch: inputs.arch ?? "aarch64" }
      : { ...spec, board, arch: undefined };
  return qemuArgs(full);
}

function bootNetwork(machine: MachineConfig, forwards: ForwardListen[]): BootSpec["network"] {
  if (machine.network === "bridge") {
    return { mode: "bridge", tap: "tap0" };
  }
  return {
    mode: "user",
    restrict: machine.restrict,
    forwards: forwards.map((forward) => ({
      protocol: forward.protocol,
      address: forward.address,
      containerPort: forward.port,
      guestPort: forward.guestPort,
    })),
  };
}

/** Absolute paths of the boot files picked from a prepared base's extracted boot folder. */
export function inBootDir(bootDir: string, files: BootFiles): BootFiles {
  const at = (file: string | undefined) => (file === undefined ? undefined : join(bootDir, file));
  return { kernel: join(bootDir, files.kernel), dtb: at(files.dtb), initrd: at(files.initrd) };
}

/** A short name of the kernel for progress lines. */
export function kernelLabel(files: BootFiles): string {
  return basename(files.kernel);
}
