import { mkdir, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { ConfigError } from "../errors.js";
import { runChecked, type Exec } from "../util/exec.js";
import { readHead } from "../util/read-head.js";
import { identityKey, type ImageIdentity } from "./image-identity.js";
import { pathExists } from "../util/path-exists.js";

export type ImageFormat = "raw" | "qcow2" | "xz" | "gzip" | "zip";

/** Progress of a long disk step: bytes done so far and, when known, the total. */
export type DiskProgress = (message: string, done?: number, total?: number) => void;

/** Tells an image's format from its first bytes (magic numbers, not file names). */
export function detectImageFormat(head: Buffer): ImageFormat {
  if (head.subarray(0, 4).equals(Buffer.from([0x51, 0x46, 0x49, 0xfb]))) return "qcow2";
  if (head.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) return "xz";
  if (head[0] === 0x1f && head[1] === 0x8b) return "gzip";
  if (head.subarray(0, 4).equals(Buffer.from("PK\x03\x04", "latin1"))) return "zip";
  return "raw";
}

/**
 * Returns a raw image that mtools and debugfs can read: the user's file itself when it is raw,
 * otherwise an unpacked (xz, gzip, zip) or converted (qcow2) copy made once under
 * `<cacheDir>/images/`, keyed by the source's identity. The copy is written under a temporary
 * name and renamed when complete, so an interrupted unpack leaves nothing behind.
 */
export async function ensureRawImage(
  identity: ImageIdentity,
  options: { cacheDir: string; exec: Exec; onProgress?: DiskProgress },
): Promise<{ format: ImageFormat; rawPath: string }> {
  const source = identity.realPath;
  const format = detectImageFormat(await readHead(source, 8));
  if (format === "raw") return { format, rawPath: source };

  const dir = join(options.cacheDir, "images");
  const rawPath = join(dir, `${identityKey(identity)}.img`);
  if (await pathExists(rawPath)) return { format, rawPath };

  await mkdir(dir, { recursive: true });
  const tmp = `${rawPath}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  const ticker = watchGrowth(tmp, format, options.onProgress);
  try {
    await unpack(format, source, tmp, options.exec);
    await rename(tmp, rawPath);
  } catch (error) {
    throw error instanceof ConfigError
      ? error
      : new ConfigError(
          `${source} looks like a ${format} image but could not be unpacked: ${(error as Error).message}`,
          "the file is probably damaged or incomplete; fetch it again",
        );
  } finally {
    clearInterval(ticker);
    await rm(tmp, { force: true });
  }
  options.onProgress?.(`unpacked ${format} image`, (await stat(rawPath)).size);
  return { format, rawPath };
}

/** pipefail: a damaged archive must fail the unpack, not leave a short image behind. */
const PIPE = ["-o", "pipefail", "-c"];

async function unpack(format: ImageFormat, source: string, target: string, exec: Exec) {
  // `cp --sparse=always /dev/stdin` keeps the unpacked image sparse: SD images are mostly zeros.
  const sparse = 'cp --sparse=always /dev/stdin "$2"';
  switch (format) {
    case "qcow2":
      await runChecked(exec, "qemu-img", ["convert", "-f", "qcow2", "-O", "raw", source, target]);
      return;
    case "xz":
      await runChecked(exec, "bash", [
        ...PIPE,
        `xz -dc -- "$1" | ${sparse}`,
        "bash",
        source,
        target,
      ]);
      return;
    case "gzip":
      await runChecked(exec, "bash", [
        ...PIPE,
        `gzip -dc -- "$1" | ${sparse}`,
        "bash",
        source,
        target,
      ]);
      return;
    case "zip": {
      const members = (await runChecked(exec, "unzip", ["-Z1", source]))
        .split("\n")
        .filter(Boolean);
      const image = members.find((m) => /\.img$/i.test(m));
      if (!image) {
        throw new ConfigError(
          `${source} is a zip archive without an .img file inside (it holds: ${members.slice(0, 5).join(", ")})`,
          "point image: at the SD-card image itself or at a zip that contains one",
        );
      }
      await runChecked(exec, "bash", [
        ...PIPE,
        `unzip -p "$1" "$3" | ${sparse}`,
        "bash",
        source,
        target,
        image,
      ]);
      return;
    }
    default:
      throw new Error(`unexpected format ${format}`);
  }
}

/** Reports the growing size of the output every second, since the unpackers give no progress of their own. */
function watchGrowth(path: string, format: ImageFormat, onProgress?: DiskProgress) {
  return setInterval(() => {
    if (!onProgress) return;
    stat(path).then(
      (st) => onProgress(`unpacking ${format} image`, st.size),
      () => undefined,
    );
  }, 1000);
}
