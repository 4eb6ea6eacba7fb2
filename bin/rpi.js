#!/usr/bin/env node
// dist/bundle/ is the whole CLI, split by verb (npm run build: tsc, then scripts/bundle.mjs).
import "../dist/bundle/rpi.js";
