import { createHash } from "node:crypto";
import type { BigIntStats } from "node:fs";
import { open, realpath, stat } from "node:fs/promises";
import { ConfigError } from "../errors.js";

/** What makes an image file "the same image": a changed mtime, size or inode means a new preparation. */
export interface ImageIdentity {
  realPath: string;
  sizeBytes: number;
  mtimeNs: string;
  ino: string;
}

/**
 * Stats the user's image and turns every way it can be unusable (missing, a directory, empty,
 * unreadable) into a ConfigError that names the path and says what to do.
 */
export async function imageIdentity(path: string): Promise<ImageIdentity> {
  let realPath: string;
  try {
    realPath = await realpath(path);
  } catch (error) {
    throw imageOpenError(path, error);
  }
  const st = await stat(realPath, { bigint: true });
  if (st.isDirectory()) {
    throw new ConfigError(
      `${path} is a directory, not an SD-card image`,
      "point image: at the .img file itself",
    );
  }
  if (st.size === 0n) {
    throw new ConfigError(
      `${path} is empty (0 bytes)`,
      "the download or copy failed; fetch the image again",
    );
  }
  try {
    const handle = await open(realPath, "r");
    await handle.close();
  } catch (error) {
    throw imageOpenError(path, error);
  }
  return identityOf(realPath, st);
}

/** Pure: the identity of the file at `realPath` from its (bigint) stat. */
export function identityOf(realPath: string, st: BigIntStats): ImageIdentity {
  return {
    realPath,
    sizeBytes: Number(st.size),
    mtimeNs: st.mtimeNs.toString(),
    ino: st.ino.toString(),
  };
}

/** A short stable hash of an identity, used as a cache key for unpacked images and inspected facts. */
export function identityKey(id: ImageIdentity): string {
  return createHash("sha256")
    .update(`${id.realPath}\0${id.sizeBytes}\0${id.mtimeNs}\0${id.ino}`)
    .digest("hex")
    .slice(0, 24);
}

/** Maps an fs error from opening the user's image to a ConfigError that says what to do. */
export function imageOpenError(path: string, error: unknown): ConfigError {
  const code = (error as { code?: string }).code;
  if (code === "ENOENT") {
    return new ConfigError(`${path} does not exist`, "check the image: path in rpi.yml");
  }
  if (code === "EACCES" || code === "EPERM") {
    return new ConfigError(
      `${path} cannot be read (permission denied)`,
      "make the image readable by your user (rpi only ever reads it)",
    );
  }
  return new ConfigError(`${path} cannot be opened: ${(error as Error).message}`);
}
