import { realpath, stat } from "node:fs/promises";
import type { MachineConfig } from "../config/types.js";
import { identityKey, imageIdentity, type ImageIdentity } from "./image-identity.js";

/** The files a machine boots from, by role: its image, and the kernel, dtb and initrd it names. */
export type FileKeys = Partial<Record<"image" | "kernel" | "dtb" | "initrd", string>>;

/**
 * The identity key (path, size, mtime, inode) of each file the machine boots from, now: what `up`
 * compares with the keys labelled at create, to recreate a machine whose image or kernel was
 * rebuilt. `image` may be given: the identity its disk was actually made from.
 */
export async function machineFileKeys(
  machine: Pick<MachineConfig, "image" | "kernel" | "dtb" | "initrd">,
  image?: ImageIdentity,
): Promise<FileKeys> {
  const keys: FileKeys = { image: identityKey(image ?? (await imageIdentity(machine.image))) };
  for (const role of ["kernel", "dtb", "initrd"] as const) {
    const path = machine[role];
    if (path !== undefined) keys[role] = await fileKey(path);
  }
  return keys;
}

/** Pure: the roles whose file changed between two records; a role only one of them has is not compared. */
export function changedFiles(before: FileKeys, now: FileKeys): string[] {
  return (["image", "kernel", "dtb", "initrd"] as const).filter(
    (role) => before[role] !== undefined && now[role] !== undefined && before[role] !== now[role],
  );
}

async function fileKey(path: string): Promise<string> {
  const realPath = await realpath(path);
  const st = await stat(realPath, { bigint: true });
  return identityKey({
    realPath,
    sizeBytes: Number(st.size),
    mtimeNs: st.mtimeNs.toString(),
    ino: st.ino.toString(),
  });
}
