import { access, constants } from "node:fs/promises";
import { delimiter, join } from "node:path";

/** The programs the disk step runs (DESIGN §5): all on the host, or the emulator image's are used. */
export const DISK_TOOLS = [
  "mdir",
  "mtype",
  "mcopy",
  "debugfs",
  "e2fsck",
  "resize2fs",
  "sfdisk",
  "qemu-img",
];

/**
 * Whether the host has every disk tool on PATH. `RPI_DISK_TOOLS=container` forces the emulator
 * image's tools (as on a host without them); `RPI_DISK_TOOLS=host` forces the host's.
 */
export async function diskToolsOnHost(env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  if (env.RPI_DISK_TOOLS === "container") return false;
  if (env.RPI_DISK_TOOLS === "host") return true;
  const dirs = (env.PATH ?? "").split(delimiter).filter(Boolean);
  const found = await Promise.all(DISK_TOOLS.map((tool) => onPath(tool, dirs)));
  return found.every(Boolean);
}

async function onPath(tool: string, dirs: string[]): Promise<boolean> {
  for (const dir of dirs) {
    try {
      await access(join(dir, tool), constants.X_OK);
      return true;
    } catch {
      // not in this folder
    }
  }
  return false;
}
