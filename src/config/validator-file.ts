import { packagePath } from "../package-root.js";

/** Options shared by the precompiled validator and the in-process fallback, so both report the same errors. */
export const AJV_OPTIONS = { allErrors: true, strict: true, allowUnionTypes: true } as const;

/** The generated validator module next to the schema: `rpi validate` imports it instead of compiling (~85 ms). */
export function validatorFile(): string {
  return packagePath("schema", "rpi.schema.validate.js");
}
