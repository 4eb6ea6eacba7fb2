import { createHash } from "node:crypto";
import type { BoardName, MachineConfig } from "../config/types.js";
import type { ImageFacts } from "./image-facts.js";
import { sha512Crypt } from "./sha512-crypt.js";

/**
 * One change to a prepared base, applied with mtools (boot) or debugfs (root). Each is idempotent:
 * applying it twice leaves the same file. `reason` says why, for --dry-run and --verbose.
 */
export type DiskEdit =
  | { kind: "boot-file"; path: string; content: string; reason: string }
  | { kind: "root-dir"; path: string; mode: number; uid: number; gid: number; reason: string }
  | {
      kind: "root-file";
      path: string;
      content: string;
      mode: number;
      uid: number;
      gid: number;
      reason: string;
    };

export interface DiskEditInput {
  machine: MachineConfig;
  facts: ImageFacts;
  board: BoardName;
  /** rpi's own public key: always in /root/.ssh/authorized_keys so `rpi down` can power the guest off. */
  managementKey: string;
  /** Contents of the files listed in machine.ssh.authorizedKeys (read by the caller: this stays pure). */
  userKeys: string[];
  qemuVersion: readonly [number, number];
}

/** The old tool's udev rules (DESIGN §9), so versatilepb's `sda` answers to the SD card's names. */
export const QEMU_UDEV_RULES =
  'KERNEL=="sda", SYMLINK+="mmcblk0"\nKERNEL=="sda?", SYMLINK+="mmcblk0p%n"\nKERNEL=="sda2", SYMLINK+="root"\n';

const SALT_ALPHABET = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/**
 * The edits that turn an image into a prepared base for a machine. Pure. Nothing here is per
 * machine: the hostname travels on the kernel command line (`systemd.hostname=`) and bridge
 * networking is DHCP from the container, so every machine of one image with the same user,
 * keys, password and board class gets the same list and shares one prepared base.
 */
export function planDiskEdits(input: DiskEditInput): DiskEdit[] {
  const { machine, facts, board } = input;
  const { user, password } = machine.ssh;
  const edits: DiskEdit[] = [];
  const keys = keyLines(input.userKeys);
  const existing = facts.users.find((u) => u.name === user);
  // userconf.txt creates or renames the first user, who then has uid 1000 (as Raspberry Pi OS).
  const owner = existing ?? { name: user, uid: 1000, gid: 1000, home: `/home/${user}` };
  const hash = password === undefined ? undefined : sha512Crypt(password, saltFor(user, password));

  if (machine.ssh.enable) {
    edits.push({ kind: "boot-file", path: "ssh", content: "", reason: "enable sshd (ssh.enable)" });
  }
  if (facts.cloudInit) {
    edits.push(...cloudInitEdits(user, hash, keys));
  } else if (hash !== undefined || !existing) {
    edits.push({
      kind: "boot-file",
      path: "userconf.txt",
      // `*` locks password login but keeps key login: the user exists, without a password.
      content: `${user}:${hash ?? "*"}\n`,
      reason: hash
        ? `user ${user} with the configured password (ssh.password)`
        : `create user ${user}, key login only (not in the image's /etc/passwd)`,
    });
  }
  if (keys.length > 0) {
    const { uid, gid, home } = owner;
    edits.push(
      { kind: "root-dir", path: home, mode: 0o755, uid, gid, reason: `home of ${user}` },
      {
        kind: "root-dir",
        path: `${home}/.ssh`,
        mode: 0o700,
        uid,
        gid,
        reason: `ssh folder of ${user}`,
      },
      {
        kind: "root-file",
        path: `${home}/.ssh/authorized_keys`,
        content: keys.join("\n") + "\n",
        mode: 0o600,
        uid,
        gid,
        reason: `ssh.authorized_keys for ${user}`,
      },
    );
  }
  edits.push(
    {
      kind: "root-dir",
      path: "/root/.ssh",
      mode: 0o700,
      uid: 0,
      gid: 0,
      reason: "ssh folder of root",
    },
    {
      kind: "root-file",
      path: "/root/.ssh/authorized_keys",
      content: keyLines([input.managementKey, ...input.userKeys]).join("\n") + "\n",
      mode: 0o600,
      uid: 0,
      gid: 0,
      reason: "rpi's management key (powers the guest off on down) and ssh.authorized_keys",
    },
  );
  if (board === "versatilepb") {
    const why = "versatilepb disk is sda: give it the SD card's names (as the old tool)";
    edits.push(
      { kind: "root-dir", path: "/etc/udev", mode: 0o755, uid: 0, gid: 0, reason: why },
      { kind: "root-dir", path: "/etc/udev/rules.d", mode: 0o755, uid: 0, gid: 0, reason: why },
      {
        kind: "root-file",
        path: "/etc/udev/rules.d/90-qemu.rules",
        content: QEMU_UDEV_RULES,
        mode: 0o644,
        uid: 0,
        gid: 0,
        reason: why,
      },
    );
  }
  const [major, minor] = input.qemuVersion;
  const preload = facts.ldSoPreload;
  if ((major < 2 || (major === 2 && minor < 8)) && preload && /^[^#\n]*libarmmem/m.test(preload)) {
    edits.push({
      kind: "root-file",
      path: "/etc/ld.so.preload",
      content: preload.replace(/^([^#\n]*libarmmem)/gm, "#$1"),
      mode: 0o644,
      uid: 0,
      gid: 0,
      reason: `QEMU ${major}.${minor} < 2.8 cannot run libarmmem: comment it out (as the old tool)`,
    });
  }
  return edits;
}

function cloudInitEdits(user: string, hash: string | undefined, keys: string[]): DiskEdit[] {
  const yamlList = (items: string[], indent: string) =>
    items.map((k) => `${indent}- ${JSON.stringify(k)}`).join("\n");
  const userData = [
    "#cloud-config",
    "# written by rpi: the hostname comes from the kernel command line (systemd.hostname=)",
    "preserve_hostname: true",
    // Keep root's key login (written to /root/.ssh below): rpi powers guests off as root.
    "disable_root: false",
    `ssh_pwauth: ${hash ? "true" : "false"}`,
    "users:",
    `  - name: ${JSON.stringify(user)}`,
    "    groups: [sudo]",
    "    shell: /bin/bash",
    "    sudo: ALL=(ALL) NOPASSWD:ALL",
    `    lock_passwd: ${hash ? "false" : "true"}`,
    ...(hash ? [`    passwd: ${JSON.stringify(hash)}`] : []),
    ...(keys.length ? ["    ssh_authorized_keys:", yamlList(keys, "      ")] : []),
    "",
  ].join("\n");
  const networkConfig = [
    "network:",
    "  version: 2",
    "  ethernets:",
    "    wired:",
    '      match: { name: "e*" }',
    "      dhcp4: true",
    "    usb:",
    '      match: { name: "usb*" }',
    "      dhcp4: true",
    "      optional: true",
    "",
  ].join("\n");
  const instance = createHash("sha256").update(userData).digest("hex").slice(0, 16);
  const why = "the image uses cloud-init";
  return [
    {
      kind: "boot-file",
      path: "user-data",
      content: userData,
      reason: `${why}: user ${user}, keys`,
    },
    {
      kind: "boot-file",
      path: "meta-data",
      content: `instance-id: rpi-${instance}\n`,
      reason: why,
    },
    { kind: "boot-file", path: "network-config", content: networkConfig, reason: `${why}: DHCP` },
  ];
}

/** Non-empty, non-comment key lines, trimmed and de-duplicated in order. */
function keyLines(texts: readonly string[]): string[] {
  const lines = texts.flatMap((t) => t.split("\n")).map((l) => l.trim());
  return [...new Set(lines.filter((l) => l && !l.startsWith("#")))];
}

/** A salt derived from the inputs, so the same password yields the same base (and cache key). */
function saltFor(user: string, password: string): string {
  const digest = createHash("sha256").update(`rpi userconf\0${user}\0${password}`).digest();
  return Array.from(digest.subarray(0, 16), (b) => SALT_ALPHABET[b & 0x3f]).join("");
}

/** One line per edit: partition, path, what, why. Secrets (password hashes, key text) are not printed. */
export function describeDiskEdit(edit: DiskEdit): string {
  switch (edit.kind) {
    case "boot-file":
      return `boot  /${edit.path}  file ${edit.content.length} bytes  ${edit.reason}`;
    case "root-dir":
      return `root  ${edit.path}/  dir ${octal(edit.mode)} ${edit.uid}:${edit.gid}  ${edit.reason}`;
    case "root-file":
      return `root  ${edit.path}  file ${edit.content.length} bytes ${octal(edit.mode)} ${edit.uid}:${edit.gid}  ${edit.reason}`;
  }
}

/** The whole list as text, one edit a line (for --dry-run, --verbose and golden tests). */
export function formatDiskEdits(edits: readonly DiskEdit[]): string {
  return edits.map(describeDiskEdit).join("\n");
}

const octal = (mode: number) => mode.toString(8).padStart(4, "0");
