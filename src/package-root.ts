import { existsSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

let root: string | undefined;

/**
 * The installed package's directory (package.json, docker/, schema/), found by walking up from this
 * module: it runs from dist/src/ after `tsc` and from the bundle in dist/bundle/ when installed.
 */
export function packageRoot(): string {
  root ??= findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));
  return root;
}

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "package.json"))) {
      return dir;
    }
    if (path.dirname(dir) === dir) {
      throw new Error(`rpi: no package.json above ${start}; the installation is incomplete`);
    }
  }
}

/** A path inside the installed package, e.g. packagePath("docker"). */
export function packagePath(...segments: string[]): string {
  return path.join(packageRoot(), ...segments);
}
