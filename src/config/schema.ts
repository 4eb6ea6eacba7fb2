import { readFileSync } from "node:fs";

/** Absolute path of schema/rpi.schema.json (the contract), from dist/src/config or src/config alike. */
export function schemaFile(): string {
  return new URL("../../../schema/rpi.schema.json", import.meta.url).pathname;
}

let cached: Record<string, unknown> | undefined;

/** The JSON Schema of rpi.yml, read once. */
export function loadSchema(): Record<string, unknown> {
  cached ??= JSON.parse(readFileSync(schemaFile(), "utf8")) as Record<string, unknown>;
  return cached;
}
