import { isAbsolute, join, resolve } from "node:path";

/** A path from rpi.yml made absolute: `~` is the home folder, relative paths start at the file's folder. */
export function resolvePath(value: string, dir: string, home: string): string {
  if (value === "~") return home;
  if (value.startsWith("~/")) return join(home, value.slice(2));
  return isAbsolute(value) ? resolve(value) : resolve(dir, value);
}
