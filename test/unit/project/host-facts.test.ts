import { strict as assert } from "node:assert";
import { createServer, type Server } from "node:net";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeFile, hostFacts } from "../../../src/project/host-facts.js";

describe("hostFacts", () => {
  let server: Server;
  let port: number;
  before(async () => {
    server = createServer();
    await new Promise<void>((resolve) => server.listen({ host: "127.0.0.1", port: 0 }, resolve));
    port = (server.address() as { port: number }).port;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("says a 127.0.0.1 port that another program listens on is in use", async () => {
    assert.equal(
      await hostFacts.portProblem("127.0.0.1", port, "tcp"),
      "is already in use by another program",
    );
  });

  it("finds no problem with a free port, and frees it again", async () => {
    const free = await new Promise<number>((resolve) => {
      const probe = createServer().listen({ host: "127.0.0.1", port: 0 }, () => {
        const { port: p } = probe.address() as { port: number };
        probe.close(() => resolve(p));
      });
    });
    assert.equal(await hostFacts.portProblem("127.0.0.1", free, "tcp"), undefined);
    assert.equal(await hostFacts.portProblem("127.0.0.1", free, "tcp"), undefined);
  });

  it("says an address this host does not have cannot be bound", async () => {
    assert.match((await hostFacts.portProblem("192.0.2.1", 8080, "tcp")) ?? "", /no such address/);
  });

  it("reads an arm64 Image's architecture and says what an x86 kernel is", async () => {
    const dir = await mkdtemp(join(tmpdir(), "rpi-kernel-"));
    const arm64 = Buffer.alloc(0x40);
    arm64.write("ARM\x64", 0x38, "latin1");
    await writeFile(join(dir, "Image"), arm64);
    const bz = Buffer.alloc(0x400);
    bz.write("HdrS", 0x202, "latin1");
    await writeFile(join(dir, "bzImage"), bz);
    assert.deepEqual(await hostFacts.kernel(join(dir, "Image")), { arch: "aarch64" });
    assert.deepEqual(await hostFacts.kernel(join(dir, "bzImage")), {
      looksLike: "an x86 kernel (bzImage)",
    });
  });
});

describe("describeFile", () => {
  it("names an empty file, an ELF file's machine, and anything else", () => {
    assert.equal(describeFile(Buffer.alloc(0)), "the file is empty");
    const elf = Buffer.alloc(0x40);
    Buffer.from([0x7f, 0x45, 0x4c, 0x46]).copy(elf);
    elf.writeUInt16LE(0x3e, 0x12);
    assert.match(describeFile(elf), /^an ELF file for x86-64/);
    assert.equal(
      describeFile(Buffer.alloc(0x300, 0x41)),
      "neither an arm64 Image nor an arm zImage",
    );
  });
});
