import type { Exec } from "../util/exec.js";
import type { DiskEdit } from "./disk-edits.js";
import { quote, runDebugfsScript } from "./ext-tools.js";
import { writeFatFile } from "./fat-tools.js";
import type { Partition } from "./partition-table.js";

/**
 * Applies edits to a raw image (a prepared base, never the user's file): boot files with mcopy,
 * root files and folders in one `debugfs -w` run. Re-applying the same edits yields the same
 * files: folders that exist are kept, files are removed before they are written.
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
  await runDebugfsScript(exec, image, partitions.root.startBytes, (hostFile) =>
    rootEdits.flatMap((edit) => {
      const p = quote(edit.path);
      const owner = [`sif ${p} uid ${edit.uid}`, `sif ${p} gid ${edit.gid}`];
      if (edit.kind === "root-dir") {
        return [`mkdir ${p}`, `sif ${p} mode 0${(0o40000 | edit.mode).toString(8)}`, ...owner];
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
