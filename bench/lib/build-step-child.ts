import Docker from "dockerode";
import { ensureEmulatorImage } from "../../src/runtime/emulator-image.js";

/**
 * The "build image" step as a fresh `rpi up` meets it, in its own process: dockerode loaded, then
 * ensureEmulatorImage (hash docker/, ask the engine for the tag) timed. Prints ms and whether it built.
 */
const start = performance.now();
const { built, tag } = await ensureEmulatorImage(new Docker());
process.stdout.write(JSON.stringify({ ms: performance.now() - start, built, tag }) + "\n");
