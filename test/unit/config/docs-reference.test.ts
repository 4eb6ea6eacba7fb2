import { deepStrictEqual } from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadSchema } from "../../../src/config/schema.js";

interface SchemaObject {
  properties?: Record<string, SchemaObject>;
}

/** Every property of the schema as the reference names it: `name`, `ssh.port`, `healthcheck.timeout`. */
function schemaFields(): string[] {
  const schema = loadSchema() as unknown as SchemaObject & {
    definitions: { machine: SchemaObject };
  };
  const fields = Object.keys(schema.properties ?? {});
  for (const [key, value] of Object.entries(schema.definitions.machine.properties ?? {})) {
    fields.push(key, ...Object.keys(value.properties ?? {}).map((sub) => `${key}.${sub}`));
  }
  return fields;
}

describe("docs/rpi-yml.md", () => {
  it("has a table row for every schema property, so the reference cannot drift", () => {
    const doc = readFileSync(
      fileURLToPath(new URL("../../../../docs/rpi-yml.md", import.meta.url)),
      "utf8",
    );
    const missing = schemaFields().filter((field) => !doc.includes(`| \`${field}\` |`));
    deepStrictEqual(missing, []);
  });
});
