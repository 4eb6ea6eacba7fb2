import { mkdir, open, readFile, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { lockPath } from "./paths.js";

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
      // An empty file is a lock being written by its new owner: wait for it rather than take it.
      if (text !== "" && (!Number.isInteger(holder) || holder <= 0 || !alive(holder))) {
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
  try {
    return await body();
  } finally {
    await rm(path, { force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
