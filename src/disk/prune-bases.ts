import { readdir, readFile, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { stateDir } from "../project/paths.js";
import { baseRecordPath, basesDir, overlayPath } from "./prepare-disk.js";
import { pathExists } from "../util/path-exists.js";

/** A prepared base in the cache: `<key>.img` and its extracted boot files `<key>.boot`. */
const BASE_ENTRY = /^([0-9a-f]{32})\.(img|boot)$/;

/**
 * Pure: the entries of the bases folder that no machine's overlay is backed by. Only complete
 * bases (`<key>.img`, `<key>.boot`) are candidates; anything else in the folder is left alone.
 */
export function staleBaseEntries(entries: readonly string[], inUse: ReadonlySet<string>): string[] {
  return entries.filter((entry) => {
    const key = BASE_ENTRY.exec(entry)?.[1];
    return key !== undefined && !inUse.has(key);
  });
}

/**
 * Removes the prepared bases no machine of the project uses any more — left behind when the image,
 * the disk edits (users, keys, …) or the disk size changed, or a machine left rpi.yml. A base is
 * as large as the image (sparse), so without this every new image version stayed in the cache.
 * Run by a whole `up` under the project lock, once every machine has its overlay. When an overlay
 * has no record of its base (made by an older rpi), nothing is removed: which base it needs is
 * unknown. Returns the removed bases' bytes on disk.
 */
export async function pruneBases(projectDir: string): Promise<{ removed: number; bytes: number }> {
  const machines = await readdir(join(stateDir(projectDir), "machines")).catch(() => []);
  const inUse = new Set<string>();
  for (const machine of machines) {
    if (!(await pathExists(overlayPath(projectDir, machine)))) continue;
    const record = await readFile(baseRecordPath(projectDir, machine), "utf8").catch(() => "");
    if (record.trim() === "") return { removed: 0, bytes: 0 };
    inUse.add(record.trim());
  }
  const dir = basesDir(projectDir);
  const stale = staleBaseEntries(await readdir(dir).catch(() => []), inUse);
  let bytes = 0;
  for (const entry of stale) {
    bytes += await diskBytes(join(dir, entry));
    await rm(join(dir, entry), { recursive: true, force: true });
  }
  return { removed: stale.filter((entry) => entry.endsWith(".img")).length, bytes };
}

/** Bytes a file or folder takes on disk (a sparse base counts what it holds, not its length). */
async function diskBytes(path: string): Promise<number> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return 0;
  if (!info.isDirectory()) return info.blocks * 512;
  const entries = await readdir(path);
  const sizes = await Promise.all(entries.map((entry) => diskBytes(join(path, entry))));
  return sizes.reduce((sum, size) => sum + size, 0);
}
