import { pathToFileURL } from "node:url";
import type { ErrorObject } from "ajv";
import { suggestionSuffix } from "./did-you-mean.js";
import { AJV_OPTIONS, validatorFile } from "./validator-file.js";
import { loadSchema } from "./schema.js";

/** A schema violation: where (as a data path, and whether the key or the value is at fault) and what. */
export interface SchemaProblem {
  path: (string | number)[];
  at: "key" | "value";
  message: string;
}

type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

let validator: Promise<Validator> | undefined;

/** The precompiled validator (schema/rpi.schema.validate.js); compiles with ajv when it is missing. */
function compiled(): Promise<Validator> {
  validator ??= import(pathToFileURL(validatorFile()).href).then(
    (module: { default: Validator }) => module.default,
    async () => {
      const { Ajv } = await import("ajv");
      return new Ajv({ ...AJV_OPTIONS }).compile(loadSchema());
    },
  );
  return validator;
}

// What a value of each shared definition looks like, for "must be …" messages.
const EXPECTED: Record<string, string> = {
  memory: "a number (MiB) or a size like 512M or 1G",
  diskSize: "a number (MiB) or a size like 512M or 4G",
  duration: "a duration like 90s, 10m or 1h",
  port: 'a port forward like "8080:80", "127.0.0.1:8080:80" or "5353:53/udp"',
  dnsLabel:
    "a DNS label (lowercase letters, digits and '-', at most 63 characters, not starting or ending with '-')",
  stringOrList: "a string or a list of strings",
  path: "a file path",
  name: "lowercase letters, digits, '-' and '_', starting with a letter or digit",
  user: "a user name (lowercase letters, digits, '_' and '-', at most 32 characters)",
};

const TYPE_WORDS: Record<string, string> = {
  integer: "a whole number",
  number: "a number",
  string: "a string",
  boolean: "true or false",
  object: "a mapping",
  array: "a list",
  null: "empty",
};

const ENUM_NOUNS: Record<string, string> = {
  board: "a board",
  network: "a network mode",
  display: "a display mode",
};

/** Validates the (variable-expanded) file against schema/rpi.schema.json; every problem, in no order. */
export async function validateSchema(data: unknown): Promise<SchemaProblem[]> {
  const validate = await compiled();
  if (validate(data)) return [];
  return (validate.errors ?? []).flatMap((error) => describe(error, data));
}

function describe(error: ErrorObject, root: unknown): SchemaProblem[] {
  const path = pointerToPath(error.instancePath, root);
  const last = path[path.length - 1];
  const value = valueAt(root, path);
  // Machine names are checked (with a better message) by the semantic checks.
  if (error.schemaPath.includes("propertyNames")) return [];
  switch (error.keyword) {
    case "additionalProperties": {
      const key = String(error.params.additionalProperty);
      const known = Object.keys(schemaFor(path).properties ?? {});
      return [
        {
          path: [...path, key],
          at: "key",
          message: `unknown key "${key}"${suggestionSuffix(key, known)}`,
        },
      ];
    }
    case "required": {
      const key = String(error.params.missingProperty);
      const message =
        key === "machines" ? "missing: add machines:, one entry per machine" : "missing";
      return [{ path: [...path, key], at: "key", message }];
    }
    case "minProperties":
      return [{ path, at: "value", message: "no machines: add at least one" }];
    case "enum": {
      const allowed = (error.params.allowedValues as string[]).map(String);
      const noun = ENUM_NOUNS[String(last)] ?? "an allowed value";
      const shown = typeof value === "string" ? `"${value}"` : show(value);
      const suggestion = typeof value === "string" ? suggestionSuffix(value, allowed) : "";
      return [
        {
          path,
          at: "value",
          message: `${shown} is not ${noun}${suggestion}; one of: ${allowed.join(", ")}`,
        },
      ];
    }
    case "type":
      if (value === null && path[0] === "machines" && path.length <= 2) {
        const message =
          path.length === 1
            ? "no machines: add at least one"
            : "empty machine: it needs at least an image";
        return [{ path, at: "value", message }];
      }
      return [{ path, at: "value", message: `must be ${expected(error)}, not ${show(value)}` }];
    case "pattern":
      return [{ path, at: "value", message: `must be ${expected(error)}, not ${show(value)}` }];
    case "minimum":
    case "maximum": {
      const word = error.keyword === "minimum" ? "at least" : "at most";
      return [
        {
          path,
          at: "value",
          message: `must be ${word} ${String(error.params.limit)}, not ${show(value)}`,
        },
      ];
    }
    case "minLength":
      return [{ path, at: "value", message: "must not be empty" }];
    default:
      return [{ path, at: "value", message: error.message ?? "is not valid" }];
  }
}

function expected(error: ErrorObject): string {
  const definition = /#\/definitions\/([^/]+)\//.exec(error.schemaPath)?.[1];
  const property = /properties\/([^/]+)\/[^/]+$/.exec(error.schemaPath)?.[1];
  const words = EXPECTED[definition ?? ""] ?? EXPECTED[property ?? ""];
  if (words) return words;
  const types = ([] as unknown[]).concat(error.params.type ?? []).map(String);
  return types.map((t) => TYPE_WORDS[t] ?? t).join(" or ") || "valid";
}

/** A value as the user wrote it, short. */
export function show(value: unknown): string {
  if (value === null || value === undefined) return "empty";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return JSON.stringify(value);
}

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>(
    (node, key) => (node as Record<string | number, unknown> | undefined)?.[key],
    root,
  );
}

interface SchemaNode {
  $ref?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
}

/** The schema that applies at a data path (following properties, additionalProperties and local $refs). */
function schemaFor(path: readonly (string | number)[]): SchemaNode {
  const root = loadSchema() as SchemaNode;
  const deref = (node: SchemaNode): SchemaNode =>
    node.$ref ? deref(valueAt(root, node.$ref.replace(/^#\//, "").split("/")) as SchemaNode) : node;
  let node = deref(root);
  for (const key of path) {
    const next = node.properties?.[key] ?? node.additionalProperties;
    if (typeof next !== "object") return {};
    node = deref(next);
  }
  return node;
}

/** A JSON pointer → path segments; list indexes become numbers (a machine named "1" stays a string). */
function pointerToPath(pointer: string, root: unknown): (string | number)[] {
  if (!pointer) return [];
  const path: (string | number)[] = [];
  let node = root;
  for (const raw of pointer.slice(1).split("/")) {
    const part = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    const segment = Array.isArray(node) ? Number(part) : part;
    path.push(segment);
    node = (node as Record<string | number, unknown> | undefined)?.[segment];
  }
  return path;
}
