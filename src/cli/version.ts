import { readFileSync } from "node:fs";
import { packagePath } from "../package-root.js";

/** The version in package.json, read once at start. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(packagePath("package.json"), "utf8")) as { version: string })
    .version;
}
