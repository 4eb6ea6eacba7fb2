/** Raw and resolved shapes of rpi.yml. `schema/rpi.schema.json` is the contract; a test keeps the two in step. */

export const BOARD_NAMES = [
  "versatilepb",
  "raspi0",
  "raspi1ap",
  "raspi2b",
  "raspi3ap",
  "raspi3b",
  "raspi4b",
  "virt",
] as const;
export type BoardName = (typeof BOARD_NAMES)[number];

export const NETWORK_MODES = ["user", "bridge"] as const;
export type NetworkMode = (typeof NETWORK_MODES)[number];

export const DISPLAY_MODES = ["none", "vnc"] as const;
export type DisplayMode = (typeof DISPLAY_MODES)[number];

/** One machine (or `defaults:`) exactly as written in rpi.yml. */
export interface MachineFields {
  image?: string;
  kernel?: string;
  dtb?: string;
  initrd?: string;
  board?: BoardName;
  memory?: number | string;
  cpus?: number;
  graphics?: string;
  display?: DisplayMode;
  command?: string | string[];
  network?: NetworkMode;
  ports?: string[];
  ssh?: {
    enable?: boolean;
    port?: number;
    user?: string;
    password?: string;
    authorized_keys?: string[];
  };
  hostname?: string;
  cmdline?: string;
  qemu?: string | string[];
  disk?: { size?: number | string; persist?: boolean };
  healthcheck?: { ssh?: boolean; console?: string; timeout?: string };
  /** QEMU user networking `restrict=on`: no route out for the guest; forwarded ports still work. */
  restrict?: boolean;
}

/** The whole file as written. */
export interface RpiFile {
  name?: string;
  /** The project network has no route off the host; guests reach each other and nothing else. */
  internal?: boolean;
  defaults?: MachineFields;
  machines: Record<string, MachineFields>;
}

export interface PortMapping {
  /** Host address to bind; 127.0.0.1 unless the entry names one. */
  hostIp: string;
  hostPort: number;
  guestPort: number;
  protocol: "tcp" | "udp";
}

/** One machine after defaults, paths, variables and units are resolved. Paths are absolute. */
export interface MachineConfig {
  name: string;
  image: string;
  kernel?: string;
  dtb?: string;
  initrd?: string;
  /** Undefined: chosen from what the image's boot partition holds (DESIGN §3). */
  board?: BoardName;
  /** MiB; undefined: the board's default. */
  memory?: number;
  cpus?: number;
  graphics?: string;
  display: DisplayMode;
  /** Replaces the container command (the old tool's COMMAND). */
  command?: string[];
  network: NetworkMode;
  ports: PortMapping[];
  ssh: {
    enable: boolean;
    /** Host port for the guest's port 22; undefined: the runtime picks a free one. */
    port?: number;
    user: string;
    password?: string;
    /** Absolute paths of public-key files. */
    authorizedKeys: string[];
  };
  hostname: string;
  cmdline?: string;
  qemu: string[];
  disk: { sizeBytes?: number; persist: boolean };
  healthcheck: { ssh: boolean; console?: string; timeoutMs: number };
  /** QEMU user networking `restrict=on`: no route out for the guest; forwarded ports still work. */
  restrict: boolean;
}

export interface ProjectConfig {
  /** Project name: `name:` in the file, `-p`, or the file's folder name, sanitised. */
  name: string;
  /** Absolute path of rpi.yml. */
  file: string;
  /** Folder of rpi.yml: relative paths resolve here and `.rpi/` lives here. */
  dir: string;
  /** The project network has no route off the host; guests reach each other and nothing else. */
  internal: boolean;
  machines: MachineConfig[];
}
