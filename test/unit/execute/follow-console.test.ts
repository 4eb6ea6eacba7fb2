import { strict as assert } from "node:assert";
import { once } from "node:events";
import { PassThrough } from "node:stream";
import { followConsole } from "../../../src/execute/follow-console.js";
import type { Runtime } from "../../../src/runtime/runtime.js";

/** A runtime whose only working call is `logs`, answering with `stream` (or failing). */
function runtimeWithLogs(stream: PassThrough | Error): Runtime {
  return {
    logs: async () => {
      if (stream instanceof Error) throw stream;
      return stream;
    },
  } as unknown as Runtime;
}

describe("followConsole", () => {
  it("hands over whole lines, remembers the last, and is following until the stream ends", async () => {
    const stream = new PassThrough();
    const batches: string[][] = [];
    const followed = await followConsole(runtimeWithLogs(stream), "p", "pi", (lines) =>
      batches.push(lines),
    );
    assert.equal(followed.following(), true);
    assert.equal(followed.lastLine(), "");
    stream.write("[    0.1] Booting\nrpi-test");
    stream.write("image: ready\n\n");
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(batches, [["[    0.1] Booting"], ["rpi-testimage: ready"]]);
    assert.equal(followed.lastLine(), "rpi-testimage: ready");
    assert.equal(followed.following(), true);
    // The machine stopped: the engine ends the stream.
    stream.end();
    await once(stream, "end");
    assert.equal(followed.following(), false);
  });

  it("is not following when stopped, or when the console could not be followed at all", async () => {
    const stream = new PassThrough();
    const followed = await followConsole(runtimeWithLogs(stream), "p", "pi", () => undefined);
    followed.stop();
    await once(stream, "close");
    assert.equal(followed.following(), false);

    const unfollowed = await followConsole(
      runtimeWithLogs(new Error("no such container")),
      "p",
      "pi",
      () => undefined,
    );
    assert.equal(unfollowed.following(), false);
    assert.equal(unfollowed.lastLine(), "");
  });
});
