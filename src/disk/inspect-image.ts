import { homedir } from "node:os";
import { dirname, join } from "node:path";
import type { Exec } from "../util/exec.js";
import { extPathsExist, readExtFiles } from "./ext-tools.js";
import { listFatFiles, readFatFile } from "./fat-tools.js";
import { parseOsRelease, parsePasswd, type ImageFacts } from "./image-facts.js";
import { ensureRawImage, type DiskProgress } from "./image-format.js";
import { readHead } from "../util/read-head.js";
import { identityKey, imageIdentity, type ImageIdentity } from "./image-identity.js";
import { bootAndRoot, parsePartitionTable, PARTITION_TABLE_BYTES } from "./partition-table.js";
import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";

const CLOUD_INIT_BOOT_FILES = ["user-data", "meta-data", "network-config"];
const ROOT_FILES = ["/etc/os-release", "/usr/lib/os-release", "/etc/passwd", "/etc/ld.so.preload"];
const ROOT_MARKERS = ["/etc/cloud", "/usr/lib/userconf-pi"];

/** Where compressed and qcow2 images are unpacked when the caller names no project cache. */
export function defaultCacheDir(): string {
  return process.env.RPI_CACHE_DIR ?? join(homedir(), ".cache", "rpi");
}

/**
 * Reads an SD-card image without writing it: its format (unpacking xz/gzip/zip and converting
 * qcow2 once into `cacheDir`), partition table, boot and root partitions, boot file names,
 * cmdline.txt, config.txt, os-release, users, and whether it uses cloud-init or userconf.
 * A ConfigError names the image and says what to do when it is unusable. The facts of an
 * image are cached under `cacheDir/facts/`, keyed by its identity (path, size, mtime, inode).
 */
export async function inspectImage(
  path: string,
  exec: Exec,
  options: { cacheDir?: string; onProgress?: DiskProgress } = {},
): Promise<ImageFacts> {
  const identity = await imageIdentity(path);
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  // Facts depend only on the image's identity: a known image costs a stat and a JSON read, so a
  // new machine's disk step does not grow with the image (mtools and debugfs do).
  const cached = join(cacheDir, "facts", `${identityKey(identity)}-${FACTS_VERSION}.json`);
  const known = await readCachedFacts(cached);
  if (known) return { ...known, path };
  const facts = await readFacts(path, identity, exec, { ...options, cacheDir });
  await mkdir(dirname(cached), { recursive: true });
  const tmp = `${cached}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  await writeFile(tmp, JSON.stringify(facts));
  await rename(tmp, cached);
  return facts;
}

/** Bump when ImageFacts changes shape or meaning, so cached facts are read again. */
const FACTS_VERSION = "v1";

async function readCachedFacts(file: string): Promise<ImageFacts | undefined> {
  try {
    const facts = JSON.parse(await readFile(file, "utf8")) as ImageFacts;
    await stat(facts.rawPath); // an unpacked copy may have been removed with the cache
    return facts;
  } catch {
    return undefined;
  }
}

async function readFacts(
  path: string,
  identity: ImageIdentity,
  exec: Exec,
  options: { cacheDir: string; onProgress?: DiskProgress },
): Promise<ImageFacts> {
  const { format, rawPath } = await ensureRawImage(identity, {
    cacheDir: options.cacheDir,
    exec,
    onProgress: options.onProgress,
  });
  const sizeBytes = (await stat(rawPath)).size;
  const table = parsePartitionTable(
    await readHead(rawPath, PARTITION_TABLE_BYTES),
    path,
    sizeBytes,
  );
  const { boot, root } = bootAndRoot(table, path);

  const bootFiles = await listFatFiles(exec, rawPath, boot.startBytes);
  const has = (name: string) => bootFiles.some((f) => f.toLowerCase() === name);
  const [cmdlineTxt, configTxt, rootFiles, markers] = await Promise.all([
    has("cmdline.txt") ? readFatFile(exec, rawPath, boot.startBytes, "cmdline.txt") : undefined,
    has("config.txt") ? readFatFile(exec, rawPath, boot.startBytes, "config.txt") : undefined,
    readExtFiles(exec, rawPath, root.startBytes, ROOT_FILES),
    extPathsExist(exec, rawPath, root.startBytes, ROOT_MARKERS),
  ]);
  // /etc/os-release is usually a symlink, which debugfs `cat` does not follow.
  const osRelease = parseOsRelease(
    rootFiles.get("/etc/os-release") || rootFiles.get("/usr/lib/os-release") || "",
  );
  return {
    path,
    identity,
    format,
    rawPath,
    sizeBytes,
    table,
    boot,
    root,
    bootFiles,
    cmdlineTxt,
    configTxt,
    osRelease,
    users: parsePasswd(rootFiles.get("/etc/passwd") ?? ""),
    cloudInit: CLOUD_INIT_BOOT_FILES.some(has) || markers.has("/etc/cloud"),
    userconf: markers.has("/usr/lib/userconf-pi"),
    ldSoPreload: rootFiles.get("/etc/ld.so.preload"),
  };
}
