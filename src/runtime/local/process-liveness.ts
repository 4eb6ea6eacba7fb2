import { existsSync, readFileSync } from "node:fs";
import { basename } from "node:path";

/** How the runtime looks at a process: replaceable so the decision is tested without real processes. */
export interface ProcReader {
  /** Whether a process with this id exists (signal 0). */
  exists(pid: number): boolean;
  /** Its argv from /proc/<pid>/cmdline ([] for a zombie or a vanished process); null where there is no /proc. */
  cmdline(pid: number): string[] | null;
}

/**
 * Pure: whether `pid` still is the process we started as `argv0`. The cmdline check survives pid
 * reuse; a zombie (empty cmdline) counts as ended, since it will never run again.
 */
export function isSameProcess(pid: number | undefined, argv0: string, proc: ProcReader): boolean {
  if (pid === undefined || !proc.exists(pid)) return false;
  const cmdline = proc.cmdline(pid);
  if (cmdline === null) return true;
  const first = cmdline[0];
  if (!first) return false;
  return first === argv0 || basename(first) === basename(argv0);
}

/** The host's processes, through process.kill(pid, 0) and /proc. */
export const hostProc: ProcReader = {
  exists(pid) {
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      // EPERM: it exists but belongs to someone else.
      return (error as NodeJS.ErrnoException).code === "EPERM";
    }
  },
  cmdline(pid) {
    if (!existsSync("/proc/self/cmdline")) return null;
    try {
      return readFileSync(`/proc/${pid}/cmdline`, "utf8")
        .split("\0")
        .filter((part, i, all) => i < all.length - 1 || part !== "");
    } catch {
      return [];
    }
  },
};
