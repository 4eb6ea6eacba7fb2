import { strict as assert } from "node:assert";
import { readFileSync, statSync } from "node:fs";
import { isBuiltin } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ENTRY = fileURLToPath(new URL("../../../bundle/rpi.js", import.meta.url));
const MAIN = fileURLToPath(new URL("../../../src/cli/main.js", import.meta.url));

/** The specifiers a bundle file imports statically (`import … from "x"`), dynamic imports aside. */
function staticImports(file: string): string[] {
  return [...readFileSync(file, "utf8").matchAll(/^import\b[^;]*?from\s*"([^"]+)";/gm)].map(
    (match) => match[1],
  );
}

/** Every specifier the entry loads before its first line runs: its static imports, through chunks. */
function loadedAtStart(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  return staticImports(file).flatMap((specifier) =>
    specifier.startsWith("./") ? loadedAtStart(join(dirname(file), specifier), seen) : [specifier],
  );
}

describe("the bundled CLI (dist/bundle/)", () => {
  it("is built from the current compiled sources", () => {
    assert.ok(
      statSync(ENTRY).mtimeMs >= statSync(MAIN).mtimeMs,
      "dist/bundle/rpi.js is older than dist/src/cli/main.js: run `npm run build`",
    );
  });

  it("imports nothing but node's built-ins when it starts (packages such as dockerode load on first use)", () => {
    const loaded = loadedAtStart(ENTRY);
    assert.ok(
      loaded.length > 0,
      "found no static import at all: the pattern no longer matches the bundle",
    );
    assert.deepEqual(
      loaded.filter((specifier) => !isBuiltin(specifier)),
      [],
    );
  });

  it("leaves listr2 and execa out of what every verb loads at start: they are in chunks of `up`", () => {
    const files = new Set<string>();
    loadedAtStart(ENTRY, files);
    // esbuild marks where each bundled module begins: `// node_modules/<package>/…`.
    const packages = [...files].flatMap((file) =>
      [...readFileSync(file, "utf8").matchAll(/^\/\/ node_modules\/((?:@[^/]+\/)?[^/]+)\//gm)].map(
        (match) => match[1],
      ),
    );
    assert.ok(packages.includes("commander"), "found no bundled package: the markers changed");
    assert.deepEqual(
      [...new Set(packages)].filter((name) => name === "listr2" || name === "execa"),
      [],
    );
  });
});
