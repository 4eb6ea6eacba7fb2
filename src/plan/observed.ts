import type { FileKeys } from "../disk/file-keys.js";

/** What the runtime reports about a project's machines: one snapshot, taken once per command. */

export const CONTAINER_STATES = [
  "created",
  "running",
  "exited",
  "dead",
  "paused",
  "restarting",
] as const;
export type ContainerState = (typeof CONTAINER_STATES)[number];

export interface ObservedPort {
  hostIp: string;
  hostPort: number;
  guestPort: number;
  protocol: "tcp" | "udp";
}

export interface ObservedMachine {
  machine: string;
  state: ContainerState;
  /** The io.rpi.config-hash label: equal to the wanted hash when nothing that needs a new machine changed. */
  configHash: string;
  /** The hashed fields as they were at create, from the io.rpi.config label. */
  hashedFields: Record<string, unknown>;
  board?: string;
  sshUser?: string;
  /** The io.rpi.files label: the identity keys of the files it boots from (absent on older machines). */
  fileKeys?: FileKeys;
  /** Published ports; guest port 22 is the SSH endpoint. */
  ports: ObservedPort[];
  startedAt?: Date;
  exitCode?: number;
  /** Whether the guest answered its readiness probe when observed (running machines only). */
  ready: boolean;
}

export interface Observed {
  machines: ObservedMachine[];
}
