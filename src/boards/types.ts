import type { BoardName } from "../config/types.js";

/** The instruction set of a kernel image: decides qemu-system-aarch64 vs qemu-system-arm for `virt`. */
export type KernelArch = "aarch64" | "arm";

export type QemuBinary = "qemu-system-arm" | "qemu-system-aarch64";

/** How QEMU's TCG splits guest CPUs over host threads (FACTS: the fast choice differs per board). */
export type TcgThread = "single" | "multi";

/** Where the board's NIC comes from, if QEMU models one at all. */
export type NetDevice =
  | { kind: "onboard"; model: "smc91c111" }
  | { kind: "usb-net" }
  | { kind: "virtio-net-device" }
  | { kind: "none"; why: string };

/** How the disk is attached and what Linux calls its root partition. */
export interface DiskAttach {
  interface: "scsi" | "sd" | "virtio-blk";
  /** The root partition's device as the guest kernel names it. */
  rootDevice: string;
  /** QEMU's SD card model refuses sizes that are not a power of two. */
  sizePowerOfTwo: boolean;
}

/** Which serial port carries the kernel console, and what the kernel calls it. */
export interface Console {
  /** The value of the kernel's `console=`. */
  kernel: string;
  /** A kernel `earlycon=` value, where the kernel can die before its console driver starts. */
  early?: string;
  /** One entry per QEMU `-serial`, in order; the console's port is `stdio`. */
  serials: readonly ("null" | "stdio")[];
}

/** Which boot-partition files boot the board when the machine gives no kernel. */
export interface BootFileRule {
  /** Kernel file names, preferred first. */
  kernels: readonly string[];
  /** Device tree names, preferred first; matched at the top level and under `broadcom/`. */
  dtbs: readonly string[];
}

interface ProfileBase {
  board: BoardName;
  /** The value of `-M`. */
  machine: string;
  disk: DiskAttach;
  network: NetDevice;
  console: Console;
}

/** The old tool's board: a user-supplied kernel, SCSI disk, ≤ 256 MiB. */
export interface VersatilepbProfile extends ProfileBase {
  family: "versatilepb";
  qemu: "qemu-system-arm";
  cpu: "arm1176";
  /** Arguments that silence the on-board PL041 sound chip (else QEMU tries ALSA). */
  audio: readonly string[];
}

/** A Raspberry Pi model: the SoC fixes the CPU type and count, so neither is passed. */
export interface RaspiProfile extends ProfileBase {
  family: "raspi";
  qemu: QemuBinary;
  /** The SoC's CPU, for documentation and reports; QEMU's machine fixes it. */
  cpu: string;
  cpus: number;
  /** Undefined: single-core board, TCG's default is fine. */
  thread?: TcgThread;
  boot: BootFileRule;
}

/** Settings of `virt` for one kernel architecture. */
export interface VirtArchProfile {
  qemu: QemuBinary;
  cpu: string;
  defaultCpus: number;
  thread: TcgThread;
  /** Boot-partition fallback when the machine gives no kernel. */
  boot: { kernels: readonly string[]; initramfs: readonly string[] };
}

/** QEMU's generic board: any generic kernel, virtio devices, architecture from the kernel header. */
export interface VirtProfile extends ProfileBase {
  family: "virt";
  arches: Record<KernelArch, VirtArchProfile>;
}

export type BoardProfile = VersatilepbProfile | RaspiProfile | VirtProfile;

/** One port QEMU forwards from the container (or host) to the guest. */
export interface PortForward {
  protocol: "tcp" | "udp";
  /**
   * The address QEMU listens on; undefined or empty: every address, as inside a container, where
   * Docker publishes to the container's own address (FACTS). On the host: 127.0.0.1 or the user's.
   */
  address?: string;
  /** The port QEMU listens on (in the container, or on the host for the local runtime). */
  containerPort: number;
  guestPort: number;
}

export type BootNetwork =
  | { mode: "user"; forwards: readonly PortForward[]; restrict: boolean }
  | { mode: "bridge"; tap: string }
  | { mode: "none" };

interface BootSpecBase {
  /** Absolute path of the kernel QEMU loads. */
  kernel: string;
  dtb?: string;
  initrd?: string;
  disk: { path: string; format: "qcow2" | "raw" };
  memoryMiB: number;
  /** Guest CPUs; only `virt` lets this vary. */
  cpus?: number;
  /** The complete kernel command line (see kernelCmdline()). */
  cmdline: string;
  network: BootNetwork;
  /** The guest NIC's MAC (see machineMac()). */
  mac: string;
  /** Raw QEMU display options, split on spaces (the old tool's GRAPHICS), e.g. `-nographic`. */
  graphics?: string;
  display: "none" | "vnc";
  /** Path of a unix socket for the QEMU monitor. */
  monitor?: string;
  /** The machine's own extra QEMU arguments, appended last. */
  extra: readonly string[];
}

/** Everything qemuArgs() needs to start one machine. `virt` also needs the kernel's architecture. */
export type BootSpec = BootSpecBase &
  ({ board: Exclude<BoardName, "virt">; arch?: undefined } | { board: "virt"; arch: KernelArch });
