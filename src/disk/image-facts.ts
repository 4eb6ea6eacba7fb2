import type { ImageFormat } from "./image-format.js";
import type { ImageIdentity } from "./image-identity.js";
import type { Partition, PartitionTable } from "./partition-table.js";

/** A user account from the image's /etc/passwd. */
export interface ImageUser {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

/** Everything rpi learns by reading an image (never writing it): the input of planning and board choice. */
export interface ImageFacts {
  /** The path as configured. */
  path: string;
  identity: ImageIdentity;
  format: ImageFormat;
  /** The raw file mtools and debugfs read: the image itself, or its unpacked copy in the cache. */
  rawPath: string;
  /** Size of the raw image in bytes. */
  sizeBytes: number;
  table: PartitionTable;
  boot: Partition;
  root: Partition;
  /** Files of the boot partition relative to its root, sorted ("kernel8.img", "broadcom/x.dtb"). */
  bootFiles: string[];
  cmdlineTxt?: string;
  configTxt?: string;
  /** /etc/os-release (or /usr/lib/os-release) as key/value pairs, quotes removed. */
  osRelease: Record<string, string>;
  users: ImageUser[];
  /** Boot partition holds user-data/meta-data/network-config, or the root has /etc/cloud. */
  cloudInit: boolean;
  /** The image creates its user from userconf.txt (Raspberry Pi OS from 2022: /usr/lib/userconf-pi). */
  userconf: boolean;
  /** /etc/ld.so.preload when present (the old tool comments out libarmmem for QEMU < 2.8). */
  ldSoPreload?: string;
}

/** Parses os-release text (`KEY=value`, optionally quoted). */
export function parseOsRelease(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) result[m[1]] = m[2].replace(/^(["'])(.*)\1$/, "$2");
  }
  return result;
}

/** Parses /etc/passwd text into users. */
export function parsePasswd(text: string): ImageUser[] {
  return text
    .split("\n")
    .map((line) => line.split(":"))
    .filter((f) => f.length >= 7 && /^\d+$/.test(f[2]) && /^\d+$/.test(f[3]))
    .map((f) => ({ name: f[0], uid: Number(f[2]), gid: Number(f[3]), home: f[5] }));
}
