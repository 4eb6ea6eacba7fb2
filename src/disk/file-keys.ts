import { realpath, stat } from "node:fs/promises";
import type { MachineConfig } from "../config/types.js";
import { identityKey, identityOf, imageIdentity, type ImageIdentity } from "./image-identity.js";

/**
 * The files a machine is made from, by role: its image, the kernel, dtb and initrd it names, and the
 * public keys its disk gets (`ssh.authorized_keys`, all files as one).
 */
const ROLES = ["image", "kernel", "dtb", "initrd", "ssh.authorized_keys"] as const;
export type FileKeys = Partial<Record<(typeof ROLES)[number], string>>;

/**
 * The identity key (path, size, mtime, inode) of each file the machine is made from, now: what `up`
 * compares with the keys labelled at create, to recreate a machine whose image or kernel was
 * rebuilt. `image` may be given: the identity its disk was actually made from.
 */
export async function machineFileKeys(
  machine: Pick<MachineConfig, "image" | "kernel" | "dtb" | "initrd"> & {
    ssh?: Pick<MachineConfig["ssh"], "authorizedKeys">;
  },
  image?: ImageIdentity,
): Promise<FileKeys> {
  // An unusable image is left out too: the disk step reports it, with the machine's name.
  const identity = image ?? (await imageIdentity(machine.image).catch(() => undefined));
  const keys: FileKeys = identity ? { image: identityKey(identity) } : {};
  for (const role of ["kernel", "dtb", "initrd"] as const) {
    const path = machine[role];
    const key = path === undefined ? undefined : await fileKey(path);
    if (key !== undefined) keys[role] = key;
  }
  const publicKeys = machine.ssh?.authorizedKeys ?? [];
  const each = await Promise.all(publicKeys.map(fileKey));
  if (publicKeys.length > 0 && each.every((key) => key !== undefined)) {
    keys["ssh.authorized_keys"] = each.join(",");
  }
  return keys;
}

/** Pure: the roles whose file changed between two records; a role only one of them has is not compared. */
export function changedFiles(before: FileKeys, now: FileKeys): string[] {
  return ROLES.filter(
    (role) => before[role] !== undefined && now[role] !== undefined && before[role] !== now[role],
  );
}

/** A file's identity key; undefined when it cannot be read (the step that reads it says so, better). */
async function fileKey(path: string): Promise<string | undefined> {
  try {
    const realPath = await realpath(path);
    return identityKey(identityOf(realPath, await stat(realPath, { bigint: true })));
  } catch {
    return undefined;
  }
}
