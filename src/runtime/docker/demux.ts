import { PassThrough, type Readable } from "node:stream";

/** Docker's multiplexed log frames (8-byte header: stream, 0, 0, 0, size BE32) to plain text. */
export function demuxLogFrames(buffer: Buffer): string {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const size = buffer.readUInt32BE(offset + 4);
    parts.push(buffer.subarray(offset + 8, offset + 8 + size));
    offset += 8 + size;
  }
  return Buffer.concat(parts).toString("utf8");
}

/**
 * The same for a stream (`docker logs --follow`): frames may arrive split across chunks. Ends
 * when the source ends; a source error ends it too (the console is gone, which is not an error).
 */
export function demuxLogStream(source: Readable): Readable {
  const out = new PassThrough();
  let pending: Buffer = Buffer.alloc(0);
  source.on("data", (chunk: Buffer) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    let offset = 0;
    while (offset + 8 <= pending.length) {
      const size = pending.readUInt32BE(offset + 4);
      if (offset + 8 + size > pending.length) break;
      out.write(pending.subarray(offset + 8, offset + 8 + size));
      offset += 8 + size;
    }
    pending = pending.subarray(offset);
  });
  source.on("end", () => out.end());
  source.on("error", () => out.end());
  out.on("close", () => source.destroy());
  return out;
}
