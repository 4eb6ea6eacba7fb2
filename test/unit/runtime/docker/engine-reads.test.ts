import { strict as assert } from "node:assert";
import { createServer, type Server } from "node:http";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { engineTarget, httpEngineReads } from "../../../../src/runtime/docker/engine-reads.js";

describe("engine reads over node:http", () => {
  it("reads DOCKER_HOST: the local socket by default, tcp:// without TLS; dockerode for the rest", () => {
    assert.deepEqual(engineTarget({}), { socketPath: "/var/run/docker.sock" });
    assert.deepEqual(engineTarget({ DOCKER_HOST: "unix:///run/user/1000/docker.sock" }), {
      socketPath: "/run/user/1000/docker.sock",
    });
    assert.deepEqual(engineTarget({ DOCKER_HOST: "tcp://127.0.0.1:2375" }), {
      host: "127.0.0.1",
      port: 2375,
    });
    assert.equal(
      engineTarget({ DOCKER_HOST: "tcp://127.0.0.1:2376", DOCKER_TLS_VERIFY: "1" }),
      undefined,
    );
    assert.equal(engineTarget({ DOCKER_HOST: "ssh://pi@builder" }), undefined);
  });

  describe("against a stand-in engine on a unix socket", () => {
    let server: Server;
    let dir: string;
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), "rpi-engine-"));
      server = createServer((req, res) => {
        if (req.url === "/_ping") return res.end("OK");
        if (req.url === "/containers/json?all=1") return res.end('[{"Id":"abc"}]');
        if (req.method === "POST" && req.url === "/containers/create?name=lab-web") {
          let body = "";
          req.on("data", (chunk: Buffer) => (body += chunk));
          req.on("end", () => {
            res.statusCode = JSON.parse(body).Image === "img" ? 201 : 400;
            res.end('{"Id":"c1","Warnings":[]}');
          });
          return;
        }
        if (req.method === "DELETE") {
          res.statusCode = 409;
          return res.end('{"message":"container is running"}');
        }
        if (req.url === "/broken") {
          res.statusCode = 500;
          return res.end('{"message":"boom"}');
        }
        res.statusCode = 404;
        res.end('{"message":"no such container"}');
      });
      await new Promise<void>((resolve) => server.listen(join(dir, "docker.sock"), resolve));
    });
    after(async () => {
      server.close();
      await rm(dir, { recursive: true, force: true });
    });

    it("pings, reads JSON, returns undefined for 404 and throws with the engine's answer otherwise", async () => {
      const reads = httpEngineReads({ socketPath: join(dir, "docker.sock") });
      assert.equal(await reads.ping(1000), true);
      assert.deepEqual(await reads.json("/containers/json?all=1"), [{ Id: "abc" }]);
      assert.equal(await reads.json("/containers/nope/json"), undefined);
      await assert.rejects(reads.json("/broken"), /answered 500: \{"message":"boom"\}/);
    });

    it("sends JSON bodies and returns the status with the engine's answer or message", async () => {
      const reads = httpEngineReads({ socketPath: join(dir, "docker.sock") });
      const created = await reads.send("POST", "/containers/create?name=lab-web", { Image: "img" });
      assert.deepEqual([created.status, created.json], [201, { Id: "c1", Warnings: [] }]);
      const refused = await reads.send("DELETE", "/containers/lab-web");
      assert.deepEqual([refused.status, refused.message], [409, "container is running"]);
    });

    it("says an engine that does not answer is unreachable", async () => {
      const reads = httpEngineReads({ socketPath: join(dir, "absent.sock") });
      assert.equal(await reads.ping(500), false);
    });
  });
});
