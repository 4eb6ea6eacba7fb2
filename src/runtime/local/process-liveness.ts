import { existsSync, readFileSync } from "node:fs";
import { basename } from "node:path";

/** How the runtime looks at a process: replaceable so the decision is tested without real processes. */
export interface ProcReader {
  /** Whether a process with this id exists (signal 0); a zombie still does. */
  exists(pid: number): boolean;
  /** Its argv from /proc/<pid>/cmdline; null where there is no /proc. */
  cmdline(pid: number): string[] | null;
  /** The state letter from /proc/<pid>/stat (`Z` for a zombie); null where there is no /proc. */
  state(pid: number): string | null;
}

/**
 * Pure: whether `pid` still is the process we started as `argv0`. The cmdline check survives pid
 * reuse; a zombie counts as ended, since it will never run again. An empty cmdline is a process in
 * the middle of exec: it counts, as we cannot tell.
 */
export function isSameProcess(pid: number | undefined, argv0: string, proc: ProcReader): boolean {
  if (pid === undefined || !proc.exists(pid)) return false;
  const state = proc.state(pid);
  if (state === "Z" || state === "X") return false;
  const first = proc.cmdline(pid)?.[0];
  if (!first) return true;
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
    const text = readProc(pid, "cmdline");
    return text === null
      ? null
      : text.split("\0").filter((part, i, all) => i < all.length - 1 || part !== "");
  },
  state(pid) {
    const text = readProc(pid, "stat");
    // `pid (comm) S …`: comm may hold spaces and parentheses, so read after the last ")".
    return text === null ? null : text.slice(text.lastIndexOf(")") + 2).charAt(0) || "X";
  },
};

/** A /proc file's text: null where there is no /proc, "" when the process is gone. */
function readProc(pid: number, file: string): string | null {
  if (!existsSync("/proc/self/stat")) return null;
  try {
    return readFileSync(`/proc/${pid}/${file}`, "utf8");
  } catch {
    return "";
  }
}
