import type { Exec } from "../util/exec.js";
import type { DiskEdit } from "./disk-edits.js";
import { extPathsExist, quote, runDebugfsScript } from "./ext-tools.js";
import { writeFatFile } from "./fat-tools.js";
import type { Partition } from "./partition-table.js";

/**
 * Applies edits to a raw image (a prepared base, never the user's file): boot files with mcopy,
 * root files and folders in one `debugfs -w` run. Re-applying the same edits yields the same
 * files: existing folders are kept (only their mode and owner set), files are removed and rewritten.
 */
export async function applyDiskEdits(
  exec: Exec,
  image: string,
  partitions: { boot: Partition; root: Partition },
  edits: readonly DiskEdit[],
): Promise<void> {
  for (const edit of edits) {
    if (edit.kind === "boot-file") {
      await writeFatFile(exec, image, partitions.boot.startBytes, edit.path, edit.content);
    }
  }
  const rootEdits = edits.filter((e) => e.kind !== "boot-file");
  if (rootEdits.length === 0) return;
  // debugfs `mkdir` on an existing folder fails only after allocating an inode, which it then
  // leaks (e2fsck finds an unconnected directory): ask first, create only what is missing.
  const dirs = rootEdits.filter((e) => e.kind === "root-dir").map((e) => e.path);
  const existing = await extPathsExist(exec, image, partitions.root.startBytes, dirs);
  await runDebugfsScript(exec, image, partitions.root.startBytes, (hostFile) =>
    rootEdits.flatMap((edit) => {
      const p = quote(edit.path);
      const owner = [`sif ${p} uid ${edit.uid}`, `sif ${p} gid ${edit.gid}`];
      if (edit.kind === "root-dir") {
        const mkdir = existing.has(edit.path) ? [] : [`mkdir ${p}`];
        return [...mkdir, `sif ${p} mode 0${(0o40000 | edit.mode).toString(8)}`, ...owner];
      }
      if (edit.kind === "root-file") {
        return [
          `rm ${p}`,
          `write ${hostFile(edit.content)} ${p}`,
          `sif ${p} mode 0${(0o100000 | edit.mode).toString(8)}`,
          ...owner,
        ];
      }
      return [];
    }),
  );
}
