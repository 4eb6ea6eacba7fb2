import { deepStrictEqual } from "node:assert/strict";
import { PassThrough } from "node:stream";
import { demuxLogStream } from "../../../../src/runtime/docker/demux.js";

function frame(stream: 1 | 2, text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

async function collect(source: PassThrough, chunks: Buffer[]): Promise<string> {
  const out = demuxLogStream(source);
  const parts: Buffer[] = [];
  out.on("data", (chunk: Buffer) => parts.push(chunk));
  const ended = new Promise((resolve) => out.on("end", resolve));
  for (const chunk of chunks) source.write(chunk);
  source.end();
  await ended;
  return Buffer.concat(parts).toString();
}

describe("docker logs --follow: demultiplexing frames as they come", () => {
  it("joins stdout and stderr frames in order", async () => {
    const text = await collect(new PassThrough(), [
      Buffer.concat([frame(1, "booting\n"), frame(2, "rpi-entrypoint: qemu\n")]),
    ]);
    deepStrictEqual(text, "booting\nrpi-entrypoint: qemu\n");
  });

  it("waits for a frame split across chunks, header and payload", async () => {
    const whole = Buffer.concat([frame(1, "udhcpc: lease obtained\n"), frame(1, "ready\n")]);
    const chunks = [
      whole.subarray(0, 3),
      whole.subarray(3, 12),
      whole.subarray(12, 35),
      whole.subarray(35),
    ];
    deepStrictEqual(await collect(new PassThrough(), chunks), "udhcpc: lease obtained\nready\n");
  });

  it("ends when the engine's stream fails (the container went away)", async () => {
    const source = new PassThrough();
    const out = demuxLogStream(source);
    out.resume();
    const ended = new Promise((resolve) => out.on("end", resolve));
    source.destroy(new Error("socket hang up"));
    await ended;
  });
});
