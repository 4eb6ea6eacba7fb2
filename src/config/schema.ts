import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Absolute path of schema/rpi.schema.json (the contract), found from the compiled dist/src/config/. */
export function schemaFile(): string {
  return fileURLToPath(new URL("../../../schema/rpi.schema.json", import.meta.url));
}

let cached: Record<string, unknown> | undefined;

/** The JSON Schema of rpi.yml, read once. */
export function loadSchema(): Record<string, unknown> {
  cached ??= JSON.parse(readFileSync(schemaFile(), "utf8")) as Record<string, unknown>;
  return cached;
}
