import { readFileSync } from "node:fs";
import { packagePath } from "../package-root.js";

/** Absolute path of schema/rpi.schema.json (the contract). */
export function schemaFile(): string {
  return packagePath("schema", "rpi.schema.json");
}

let cached: Record<string, unknown> | undefined;

/** The JSON Schema of rpi.yml, read once. */
export function loadSchema(): Record<string, unknown> {
  cached ??= JSON.parse(readFileSync(schemaFile(), "utf8")) as Record<string, unknown>;
  return cached;
}
