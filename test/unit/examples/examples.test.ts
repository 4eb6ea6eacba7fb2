import { deepStrictEqual, ok } from "node:assert/strict";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { formatDiagnostics, loadProject } from "../../../src/config/load.js";

const EXAMPLES = fileURLToPath(new URL("../../../../examples/", import.meta.url));
const examples = readdirSync(EXAMPLES).filter((name) =>
  existsSync(join(EXAMPLES, name, "rpi.yml")),
);

/** Variables an example needs set (no default): each points into a stand-in folder. */
function neededVariables(yaml: string): Record<string, string> {
  const names = [...yaml.matchAll(/\$\{([A-Za-z_]\w*)\}/g)].map((m) => m[1]);
  return Object.fromEntries(names.map((n) => [n, `vars/${n}`]));
}

/** The file paths an rpi.yml names (${VAR:-default} at its default, ${VAR} as neededVariables sets it). */
function namedFiles(yaml: string): string[] {
  const file = parse(yaml) as { defaults?: object; machines: Record<string, object> };
  const files: string[] = [];
  for (const machine of [file.defaults ?? {}, ...Object.values(file.machines)] as Record<
    string,
    unknown
  >[]) {
    for (const key of ["image", "kernel", "dtb", "initrd"]) {
      if (typeof machine[key] === "string") files.push(machine[key] as string);
    }
    const keys = (machine.ssh as { authorized_keys?: string[] } | undefined)?.authorized_keys ?? [];
    files.push(...keys);
  }
  return files.map((f) =>
    f.replace(/\$\{[A-Za-z_]\w*:-([^}]*)\}/g, "$1").replace(/\$\{([A-Za-z_]\w*)\}/g, "vars/$1"),
  );
}

describe("examples", () => {
  it("there are examples to check", () => {
    ok(examples.includes("seed") && examples.includes("fleet"), `found: ${examples.join(", ")}`);
  });

  for (const name of examples) {
    it(`examples/${name}/rpi.yml validates (with stand-in files for its images and keys)`, async () => {
      const dir = join(mkdtempSync(join(tmpdir(), "rpi-example-")), name);
      const home = join(dir, "home");
      cpSync(join(EXAMPLES, name), dir, { recursive: true });
      const yaml = readFileSync(join(dir, "rpi.yml"), "utf8");
      for (const file of namedFiles(yaml)) {
        const path = file.startsWith("~/") ? join(home, file.slice(2)) : join(dir, file);
        if (existsSync(path)) continue;
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, "stand-in\n");
      }
      const result = await loadProject({ cwd: dir, env: { ...neededVariables(yaml), HOME: home } });
      deepStrictEqual("errors" in result ? formatDiagnostics(result.errors, dir) : [], []);
    });
  }
});
