// Bundles the compiled CLI (dist/src/cli/main.js) into dist/bundle/, which bin/rpi.js runs: the entry
// dist/bundle/rpi.js plus chunks that each verb imports when it runs (esbuild's code splitting).
// Fewer, larger files than ~150 modules save node's module resolution at every start (~60 ms), and
// splitting keeps what one verb never runs (listr2 and execa for `status`) out of its start (~40 ms).
// dockerode (lazily loaded, native optional parts) and ajv (the precompiled validator imports its
// runtime helpers from schema/) stay ordinary packages.
import { build } from "esbuild";
import { rm } from "node:fs/promises";

await rm("dist/bundle", { recursive: true, force: true });
await build({
  entryPoints: { rpi: "dist/src/cli/main.js" },
  outdir: "dist/bundle",
  bundle: true,
  splitting: true,
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
