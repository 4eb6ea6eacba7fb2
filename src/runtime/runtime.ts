import type { Readable } from "node:stream";
import type { DisplayMode, NetworkMode } from "../config/types.js";
import type { ObservedMachine } from "../plan/observed.js";
import type { Exec } from "../util/exec.js";

/** A port the machine publishes: the guest's port, reached on the host at hostIp:hostPort (0: any free port). */
export interface PublishedPort {
  hostIp: string;
  hostPort: number;
  guestPort: number;
  protocol: "tcp" | "udp";
}

/** Everything a runtime needs to run one machine; computed purely from config and disk facts. */
export interface MachineRunSpec {
  project: string;
  machine: string;
  labels: Record<string, string>;
  /** QEMU argv (argv[0] the binary), or the user's command override. */
  command: string[];
  network: NetworkMode;
  /** QEMU user networking with restrict=on: the guest has no default route. */
  restrict: boolean;
  /** Whether the project network has no route off the host. */
  internalNetwork: boolean;
  ports: PublishedPort[];
  /** `vnc`: QEMU's VNC server (display :0, port 5900 where QEMU runs) is published on 127.0.0.1. */
  display?: DisplayMode;
  /** Host paths the machine reads (overlay, base, boot files, user kernel): bound at the same path. */
  paths: { path: string; readOnly: boolean }[];
  /** Seconds the runtime waits after asking the guest to power off before it ends QEMU. */
  stopGraceSeconds: number;
}

/** Where QEMU's user-mode `hostfwd` listens for one published port, as the runtime needs it. */
export interface ForwardListen {
  /** Empty: every address (inside a container, where Docker publishes to the host). */
  address: string;
  port: number;
  guestPort: number;
  protocol: "tcp" | "udp";
}

export interface LogOptions {
  follow: boolean;
  tail?: number;
}

/** One seam for where machines run: Docker containers or host processes. */
export interface Runtime {
  readonly kind: "docker" | "local";
  /** The project's machines as they are now, or only `machine` (without readiness: see observeReadiness). */
  list(project: string, machine?: string): Promise<Omit<ObservedMachine, "ready">[]>;
  /** Builds or checks what machines run in (the emulator image, or QEMU on the host). */
  prepareEngine(onLine: (line: string) => void): Promise<{ built: boolean; detail: string }>;
  /**
   * Where the disk tools (mtools, e2fsprogs, qemu-img, sfdisk) run: on the host, or — for Docker
   * users without them — in the emulator image. `readOnly`/`readWrite` are the host paths they touch.
   * Call after prepareEngine; release when done.
   */
  diskTools(
    project: string,
    paths: { readOnly: string[]; readWrite: string[] },
  ): Promise<{ exec: Exec; release(): Promise<void> }>;
  /**
   * The project network every machine joins, so guests reach each other by machine name.
   * True when this call created it (false when it was there already, or the runtime has none).
   */
  ensureNetwork(project: string, internal: boolean): Promise<boolean>;
  removeNetwork(project: string): Promise<void>;
  /**
   * Where QEMU listens for each published port: inside a container every address on the guest's port
   * (Docker publishes it); on the host the asked address and port, a free one when the port is 0.
   */
  forwardListens(ports: PublishedPort[], options: { restrict: boolean }): Promise<ForwardListen[]>;
  /** Path of the QEMU monitor socket as QEMU sees it (inside the container, or on the host). */
  monitorSocket(machine: string): string;
  create(spec: MachineRunSpec): Promise<void>;
  start(project: string, machine: string): Promise<void>;
  /** Ends the machine: SIGTERM (the entrypoint powers the guest down), then kill after graceSeconds. */
  stop(project: string, machine: string, graceSeconds: number): Promise<void>;
  /** Resolves when the machine has exited, or after timeoutMs; true when it exited. */
  waitExit(project: string, machine: string, timeoutMs: number): Promise<boolean>;
  remove(project: string, machine: string): Promise<void>;
  /** The guest console. */
  logs(project: string, machine: string, options: LogOptions): Promise<Readable>;
  /** The last lines of the guest console, as text. */
  tail(project: string, machine: string, lines: number): Promise<string>;
}
