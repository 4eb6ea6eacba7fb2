import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import standaloneCode from "ajv/dist/standalone/index.js";
import { loadSchema } from "./schema.js";
import { AJV_OPTIONS, validatorFile } from "./validator-file.js";

/** Source of schema/rpi.schema.validate.js: ajv's standalone code for the schema, as an ES module, formatted. */
export async function validatorSource(): Promise<string> {
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true, esm: true } });
  const imports: string[] = [];
  // ajv's standalone code `require`s its runtime helpers even in ESM mode: turn those into imports.
  const code = standaloneCode
    .default(ajv, ajv.compile(loadSchema()))
    .replace(/require\("([^"]+)"\)/g, (_whole, module: string) => {
      const name = `runtime${imports.length}`;
      imports.push(`import ${name} from "${module}.js";`);
      return name;
    });
  const header = [
    "// Generated from rpi.schema.json by `node dist/src/config/generate-validator.js`: do not edit.",
    "// A test fails when it is out of date.",
    "/* eslint-disable */",
    ...imports,
  ].join("\n");
  const prettier = await import("prettier");
  const options = (await prettier.resolveConfig(validatorFile())) ?? {};
  return prettier.format(`${header}\n${code}`, { ...options, filepath: validatorFile() });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(validatorFile(), await validatorSource());
  process.stdout.write(`wrote ${validatorFile()}\n`);
}
