#!/usr/bin/env node
// dist/bundle/ is the whole CLI, split by verb (npm run build: tsc, then scripts/bundle.mjs).
import module from "node:module";

// node ≥ 22.1 keeps the bundle's compiled code between runs; node 20 has no such call.
module.enableCompileCache?.();
await import("../dist/bundle/rpi.js");
