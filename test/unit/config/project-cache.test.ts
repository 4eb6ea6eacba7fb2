import { strict as assert } from "node:assert";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cacheProject, readCachedProject } from "../../../src/config/project-cache.js";
import { projectConfig } from "../../../src/cli/project-session.js";
import { projectCachePath } from "../../../src/project/paths.js";
import { load, makeProject } from "./fixture.js";

const YAML = `machines:
  pi:
    image: \${IMAGE_DIR:-images}/pi.img
    hostname: \${PI_NAME}
`;

/** Loads the project for real and records it, as a verb that parsed rpi.yml does. */
async function loadAndCache(dir: string, env: Record<string, string>, projectName?: string) {
  const result = await load(dir, env, { projectName });
  if (!("config" in result)) throw new Error("the fixture should load");
  await cacheProject(result.config, result.inputs);
  return result.config;
}

const cached = (dir: string, env: Record<string, string>, projectName?: string) =>
  readCachedProject({ cwd: dir, env: { HOME: join(dir, "home"), ...env }, projectName });

describe("project cache (the resolved rpi.yml for status, down, logs, ssh)", () => {
  it("gives back the project a load resolved while nothing it was resolved from changed", async () => {
    const dir = makeProject(YAML);
    mkdirSync(join(dir, ".rpi"));
    const config = await loadAndCache(dir, { PI_NAME: "kitchen" });
    // As JSON keeps it: a field that is undefined is absent (the config hash ignores both alike).
    const asJson = JSON.parse(JSON.stringify(config)) as unknown;
    assert.deepEqual(await cached(dir, { PI_NAME: "kitchen", UNRELATED: "x" }), asJson);
    assert.equal((await cached(dir, { PI_NAME: "kitchen" }))?.machines[0].hostname, "kitchen");
  });

  it("misses when the text, a variable it read, -p or the home folder differ", async () => {
    const dir = makeProject(YAML);
    mkdirSync(join(dir, ".rpi"));
    await loadAndCache(dir, { PI_NAME: "kitchen" });
    assert.equal(await cached(dir, { PI_NAME: "garage" }), undefined, "a variable's value");
    assert.equal(
      await cached(dir, { PI_NAME: "kitchen", IMAGE_DIR: "other" }),
      undefined,
      "a variable that was unset",
    );
    assert.equal(await cached(dir, { PI_NAME: "kitchen" }, "other"), undefined, "-p");
    assert.equal(
      await readCachedProject({ cwd: dir, env: { HOME: "/elsewhere", PI_NAME: "kitchen" } }),
      undefined,
      "HOME",
    );
    writeFileSync(join(dir, "rpi.yml"), YAML.replace("hostname", "cmdline: quiet\n    hostname"));
    assert.equal(await cached(dir, { PI_NAME: "kitchen" }), undefined, "the file's text");
  });

  it("misses on an entry another rpi build wrote, or one that is not JSON", async () => {
    const dir = makeProject(YAML);
    mkdirSync(join(dir, ".rpi"));
    await loadAndCache(dir, { PI_NAME: "kitchen" });
    const path = projectCachePath(dir);
    const entry = JSON.parse(readFileSync(path, "utf8")) as { build: string };
    writeFileSync(path, JSON.stringify({ ...entry, build: `${entry.build} older` }));
    assert.equal(await cached(dir, { PI_NAME: "kitchen" }), undefined);
    writeFileSync(path, "{ half");
    assert.equal(await cached(dir, { PI_NAME: "kitchen" }), undefined);
  });

  it("writes nothing into a project that has no .rpi/ yet", async () => {
    const dir = makeProject(YAML);
    await loadAndCache(dir, { PI_NAME: "kitchen" });
    assert.throws(() => readFileSync(projectCachePath(dir)), { code: "ENOENT" });
    assert.equal(await cached(dir, { PI_NAME: "kitchen" }), undefined);
  });

  it("serves `up` only while every file the machines name can be read; else the load says where", async () => {
    const dir = makeProject(YAML);
    mkdirSync(join(dir, ".rpi"));
    const options = { cwd: dir, env: { HOME: join(dir, "home"), PI_NAME: "kitchen" } };
    const config = await projectConfig(options, true);
    assert.ok(readFileSync(projectCachePath(dir)), "the load was recorded");
    assert.deepEqual(await projectConfig(options, true), JSON.parse(JSON.stringify(config)));
    rmSync(join(dir, "images", "pi.img"));
    await assert.rejects(projectConfig(options, true), (error: Error) => {
      assert.match(
        error.message,
        /rpi\.yml:3:12: machines\.pi\.image: images\/pi\.img \(.*\) does not exist/,
      );
      return true;
    });
    // status, down, logs and ssh still know the machine whose image is gone.
    assert.equal((await projectConfig(options, false)).machines[0].name, "pi");
  });
});
