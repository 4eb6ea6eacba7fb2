import { strict as assert } from "node:assert";
import { readFileSync, statSync } from "node:fs";
import { isBuiltin } from "node:module";
import { fileURLToPath } from "node:url";

const BUNDLE = fileURLToPath(new URL("../../../rpi.js", import.meta.url));
const MAIN = fileURLToPath(new URL("../../../src/cli/main.js", import.meta.url));

describe("the bundled CLI (dist/rpi.js)", () => {
  it("is built from the current compiled sources", () => {
    assert.ok(
      statSync(BUNDLE).mtimeMs >= statSync(MAIN).mtimeMs,
      "dist/rpi.js is older than dist/src/cli/main.js: run `npm run build`",
    );
  });

  it("imports nothing but node's built-ins when it starts (packages such as dockerode load on first use)", () => {
    const staticImports = [
      ...readFileSync(BUNDLE, "utf8").matchAll(/^import\b[^;]*?from\s*"([^"]+)";/gm),
    ].map((match) => match[1]);
    assert.ok(
      staticImports.length > 0,
      "found no static import at all: the pattern no longer matches the bundle",
    );
    assert.deepEqual(
      staticImports.filter((specifier) => !isBuiltin(specifier)),
      [],
    );
  });
});
