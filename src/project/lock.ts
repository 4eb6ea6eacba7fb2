import { readFileSync, rmSync } from "node:fs";
import { mkdir, open, readFile, rm, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { lockPath } from "./paths.js";

/** An empty lock older than this was left by an owner killed between creating and writing it. */
const EMPTY_LOCK_STALE_MS = 5000;

/**
 * Serialises `up`/`down` of one project: a file holding the owner's pid, created exclusively.
 * A lock whose pid is gone is stale and taken over. The second caller waits and says so once.
 */
export async function withProjectLock<T>(
  projectDir: string,
  onWait: (holderPid: number) => void,
  body: () => Promise<T>,
): Promise<T> {
  const path = lockPath(projectDir);
  await mkdir(dirname(path), { recursive: true });
  let told = false;
  for (;;) {
    try {
      const handle = await open(path, "wx");
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") {
        throw error;
      }
      const text = (await readFile(path, "utf8").catch(() => "")).trim();
      const holder = Number(text);
      // An empty file is a lock being written by its new owner: wait for it rather than take it,
      // unless it stays empty (its owner was killed between creating and writing it).
      const stale =
        text === ""
          ? await olderThan(path, EMPTY_LOCK_STALE_MS)
          : !Number.isInteger(holder) || holder <= 0 || !alive(holder);
      if (stale) {
        await rm(path, { force: true });
        continue;
      }
      if (!told && text !== "") {
        onWait(holder);
        told = true;
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }
  // listr2 ends the process on Ctrl-C (process.exit): the lock must not outlive its owner then either.
  const onExit = () => {
    try {
      if (readFileSync(path, "utf8").trim() === String(process.pid)) rmSync(path, { force: true });
    } catch {
      // Already gone.
    }
  };
  process.once("exit", onExit);
  try {
    return await body();
  } finally {
    process.removeListener("exit", onExit);
    await rm(path, { force: true });
  }
}

async function olderThan(path: string, ms: number): Promise<boolean> {
  const info = await stat(path).catch(() => undefined);
  return info !== undefined && Date.now() - info.mtimeMs > ms;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
