import { equal } from "node:assert/strict";
import { readFileSync } from "node:fs";
import { validatorSource } from "../../../src/config/generate-validator.js";
import { validatorFile } from "../../../src/config/validator-file.js";

describe("schema/rpi.schema.validate.js", () => {
  it("is the precompiled form of the current schema (regenerate: node dist/src/config/generate-validator.js)", async () => {
    equal(readFileSync(validatorFile(), "utf8"), await validatorSource());
  });
});
