#!/usr/bin/env node
// dist/rpi.js is the whole CLI in one file (npm run build: tsc, then scripts/bundle.mjs).
import "../dist/rpi.js";
