import { stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import type { ConfigDiagnostic } from "./diagnostic.js";

export const CONFIG_FILE_NAME = "rpi.yml";

/** Where rpi.yml is: `-f`, else `RPI_FILE`, else `rpi.yml` in cwd or the nearest folder above it. */
export async function findConfigFile(options: {
  file?: string;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}): Promise<{ file: string } | { error: ConfigDiagnostic }> {
  const named = options.file
    ? ["-f", options.file]
    : options.env.RPI_FILE
      ? ["RPI_FILE", options.env.RPI_FILE]
      : undefined;
  if (named) {
    const [source, given] = named;
    const file = resolve(options.cwd, given);
    const kind = await fileKind(file);
    if (kind === "file") return { file };
    const what = kind === "missing" ? "does not exist" : "is a directory, not a file";
    return { error: noPosition(`${source} ${given}: ${file} ${what}`) };
  }
  for (let dir = resolve(options.cwd); ; dir = dirname(dir)) {
    const file = join(dir, CONFIG_FILE_NAME);
    if ((await fileKind(file)) === "file") return { file };
    if (dirname(dir) === dir) break;
  }
  return {
    error: noPosition(
      `no ${CONFIG_FILE_NAME} in ${resolve(options.cwd)} or any folder above it: ` +
        `create ${CONFIG_FILE_NAME} there (see docs/rpi-yml.md), or name one with -f FILE or RPI_FILE`,
    ),
  };
}

async function fileKind(path: string): Promise<"file" | "directory" | "missing"> {
  try {
    return (await stat(path)).isDirectory() ? "directory" : "file";
  } catch {
    return "missing";
  }
}

function noPosition(message: string): ConfigDiagnostic {
  return { file: "", line: 0, col: 0, path: "", message };
}
