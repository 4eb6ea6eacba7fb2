import { strict as assert } from "node:assert";
import { createServer as createHttpServer, type Server } from "node:http";
import {
  createServer as createTcpServer,
  type AddressInfo,
  type Server as TcpServer,
} from "node:net";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEarlyBanners } from "../../../src/execute/early-readiness.js";

describe("startEarlyBanners: SSH banners read while rpi.yml loads", () => {
  let dir: string;
  let engine: Server;
  let guest: TcpServer;
  let askedFor = "";

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "rpi-early-"));
    guest = createTcpServer((socket) => socket.end("SSH-2.0-dropbear\r\n"));
    await new Promise<void>((resolve) => guest.listen(0, "127.0.0.1", resolve));
    const port = (guest.address() as AddressInfo).port;
    engine = createHttpServer((req, res) => {
      askedFor = decodeURIComponent(req.url ?? "");
      res.end(
        JSON.stringify([
          { Ports: [{ IP: "127.0.0.1", PrivatePort: 22, PublicPort: port, Type: "tcp" }] },
        ]),
      );
    });
    await new Promise<void>((resolve) => engine.listen(join(dir, "docker.sock"), resolve));
  });

  after(async () => {
    engine.close();
    guest.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function project(folder: string, yaml: string) {
    const cwd = join(dir, folder);
    await mkdir(cwd, { recursive: true });
    await writeFile(join(cwd, "rpi.yml"), yaml);
    return startEarlyBanners({ cwd, env: { DOCKER_HOST: `unix://${join(dir, "docker.sock")}` } });
  }

  it("guesses the project from `name:` and reads each published SSH port's banner", async () => {
    const early = await project("Lab Folder", "name: fleet # the project\nmachines: {}\n");
    assert.equal(early?.project, "fleet");
    assert.match(askedFor, /"io\.rpi\.project=fleet"/);
    const reads = [...(early?.banners.values() ?? [])];
    assert.equal(reads.length, 1);
    assert.equal(await reads[0], true);
  });

  it("falls back to the folder name, sanitised as the loader does", async () => {
    const early = await project("My Lab", "machines: {}\n");
    assert.equal(early?.project, "my-lab");
  });

  it("does nothing for engines plain HTTP can't reach", async () => {
    const early = await startEarlyBanners({ cwd: dir, env: { DOCKER_HOST: "ssh://pi@builder" } });
    assert.equal(early, undefined);
  });
});
