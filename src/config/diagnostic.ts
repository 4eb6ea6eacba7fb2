import { isAbsolute, relative } from "node:path";

/** One user error in rpi.yml, with where it is. `line` 0 means the error has no position (a missing file, a flag). */
export interface ConfigDiagnostic {
  /** Absolute path of the file, or "" when the error is about no file in particular. */
  file: string;
  /** 1-based; 0 when there is no position. */
  line: number;
  /** 1-based; 0 when there is no position. */
  col: number;
  /** Dotted path of the value, like `machines.web.ports[0]`; "" for the whole file. */
  path: string;
  message: string;
}

/** `rpi.yml:3:5: machines.web.memory: 512 is not allowed …`, the file relative to cwd when inside it. */
export function formatDiagnostic(d: ConfigDiagnostic, cwd: string): string {
  const parts: string[] = [];
  if (d.file) {
    const file = displayPath(d.file, cwd);
    parts.push(d.line > 0 ? `${file}:${d.line}:${d.col}` : file);
  }
  if (d.path) parts.push(d.path);
  parts.push(d.message);
  return parts.join(": ");
}

/** A path as the user would type it from cwd: relative when inside cwd, else absolute. */
export function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : file;
}

/** File order (line, then column), duplicates removed; errors without position first. */
export function sortDiagnostics(list: readonly ConfigDiagnostic[]): ConfigDiagnostic[] {
  const seen = new Set<string>();
  const unique = list.filter((d) => {
    const key = `${d.file}\0${d.line}\0${d.col}\0${d.path}\0${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col);
}

/** `["machines", "web", "ports", 0]` → `machines.web.ports[0]`. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out ? `.${key}` : key;
  }
  return out;
}
