import { open, readFile } from "node:fs/promises";
import { Readable } from "node:stream";

const POLL_MS = 250;

/** Pure: the last `count` lines of a text, each still ending in its newline (a last unfinished line counts). */
export function lastLines(text: string, count: number): string {
  if (count <= 0 || text === "") return "";
  const lines = text.split("\n");
  // A final "\n" ends the last line; it does not start another.
  const complete = text.endsWith("\n") ? lines.slice(0, -1) : lines;
  const kept = complete.slice(-count).join("\n");
  return text.endsWith("\n") ? `${kept}\n` : kept;
}

/** The last `count` lines of a console file ("" when it does not exist). */
export async function tailFile(path: string, count: number): Promise<string> {
  return lastLines(await readText(path), count);
}

/**
 * The console as a stream. With `follow`, data appended later keeps coming until `running()` says
 * the machine has ended and the file is read to its end; destroying the stream stops the polling.
 */
export function consoleStream(
  path: string,
  options: { follow: boolean; tail?: number },
  running: () => Promise<boolean>,
): Readable {
  let offset = 0;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const stream = new Readable({
    read() {
      // Data is pushed as it appears; nothing to do on demand.
    },
    destroy(error, callback) {
      stopped = true;
      clearTimeout(timer);
      callback(error);
    },
  });
  const poll = async (): Promise<void> => {
    try {
      // Ask before reading: data written before the machine ended is then certainly read below.
      const alive = await running();
      const chunk = await readFrom(path, offset);
      offset += chunk.length;
      if (stopped) return;
      if (chunk.length > 0) stream.push(chunk);
      if (!alive) {
        stream.push(null);
        return;
      }
      timer = setTimeout(() => void poll(), POLL_MS);
    } catch (error) {
      stream.destroy(error as Error);
    }
  };
  void (async () => {
    try {
      const whole = await readFrom(path, 0);
      offset = whole.length;
      const first =
        options.tail === undefined
          ? whole
          : Buffer.from(lastLines(whole.toString("utf8"), options.tail));
      if (first.length > 0) stream.push(first);
      if (!options.follow) {
        stream.push(null);
        return;
      }
      await poll();
    } catch (error) {
      stream.destroy(error as Error);
    }
  })();
  return stream;
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "";
    throw error;
  }
}

/** Everything in the file from `offset` on; empty when the file is missing (not started, or removed). */
async function readFrom(path: string, offset: number): Promise<Buffer> {
  let handle;
  try {
    handle = await open(path, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return Buffer.alloc(0);
    throw error;
  }
  try {
    const { size } = await handle.stat();
    if (size <= offset) return Buffer.alloc(0);
    const buffer = Buffer.alloc(size - offset);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
