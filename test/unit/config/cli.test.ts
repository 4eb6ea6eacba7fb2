import { deepStrictEqual, equal } from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { makeProject } from "./fixture.js";

const BIN = fileURLToPath(new URL("../../../../bin/rpi.js", import.meta.url));

function rpi(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: "utf8",
    env: { PATH: process.env.PATH },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("rpi validate and rpi config", () => {
  it("validate says how many machines are OK and exits 0", () => {
    const dir = makeProject(
      "machines:\n  a: { image: images/pi.img }\n  b: { image: images/pi.img }\n",
    );
    deepStrictEqual(rpi(dir, "validate"), {
      code: 0,
      stdout: "rpi.yml: 2 machines OK\n",
      stderr: "",
    });
  });

  it("validate prints every error with line and column, a count, and exits 2", () => {
    const dir = makeProject(
      "machines:\n  web:\n    image: images/pi.img\n    board: versatilepb\n    memory: 512\n    memroy: 1\n",
    );
    deepStrictEqual(rpi(dir, "validate"), {
      code: 2,
      stdout: "",
      stderr: [
        "rpi.yml:5:13: machines.web.memory: 512 is not allowed for board versatilepb (at most 256)",
        'rpi.yml:6:5: machines.web: unknown key "memroy" (did you mean "memory"?)',
        "rpi.yml: 2 errors",
        "",
      ].join("\n"),
    });
  });

  it("config reads the global -f and -p and prints JSON with --json", () => {
    const dir = makeProject("machines:\n  web: { image: images/pi.img }\n");
    const out = rpi(join(dir, "images"), "-f", "../rpi.yml", "-p", "ci-1", "config", "--json");
    equal(out.code, 0, out.stderr);
    const config = JSON.parse(out.stdout) as {
      name: string;
      machines: { name: string; image: string }[];
    };
    deepStrictEqual([config.name, config.machines[0].image], ["ci-1", join(dir, "images/pi.img")]);
  });

  it("config on a bad file exits 2 with the errors and no stack trace", () => {
    const dir = makeProject("machines:\n  web: { image: images/nope.img }\n");
    const out = rpi(dir, "config");
    equal(out.code, 2);
    equal(
      out.stderr,
      [
        "error: rpi.yml is not valid (1 error):",
        `rpi.yml:2:17: machines.web.image: images/nope.img (${join(dir, "images/nope.img")}) does not exist`,
        "hint: run `rpi validate` after fixing it",
        "",
      ].join("\n"),
    );
  });
});
