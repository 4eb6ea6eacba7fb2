// Bundles the compiled CLI (dist/src/cli/main.js) into dist/rpi.js, the file bin/rpi.js runs.
// One file instead of ~150 modules saves most of node's module resolution at every start (~60 ms).
// dockerode (lazily loaded, native optional parts) and ajv (the precompiled validator imports its
// runtime helpers from schema/) stay ordinary packages.
import { build } from "esbuild";

await build({
  entryPoints: ["dist/src/cli/main.js"],
  outfile: "dist/rpi.js",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  external: ["dockerode", "ajv"],
  // CommonJS packages inside the bundle still call require() for node's built-ins.
  banner: {
    js: 'import { createRequire as rpiCreateRequire } from "node:module"; const require = rpiCreateRequire(import.meta.url);',
  },
  sourcemap: true,
  logLevel: "warning",
});
