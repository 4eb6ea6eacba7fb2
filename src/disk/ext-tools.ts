import { rm, writeFile, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RuntimeError } from "../errors.js";
import { runChecked, type Exec } from "../util/exec.js";

/**
 * e2fsprogs' name for an ext filesystem at a byte offset inside an image file: the unix io
 * manager reads `?offset=N` from the device name (checked with e2fsprogs 1.47), so no loop
 * device, no mount and no copy of the partition is needed.
 */
export function extImage(image: string, offset: number): string {
  return `${image}?offset=${offset}`;
}

/**
 * Reads several text files from an ext partition in one debugfs run. Missing files are absent
 * from the result. debugfs echoes `debugfs: <command>` before each command's output, which is
 * how the outputs are told apart.
 */
export async function readExtFiles(
  exec: Exec,
  image: string,
  offset: number,
  paths: readonly string[],
): Promise<Map<string, string>> {
  const commands = paths.map((p) => `cat ${quote(p)}`);
  const result = await exec.run("debugfs", ["-f", "-", extImage(image, offset)], {
    input: commands.join("\n") + "\n",
  });
  if (result.exitCode !== 0) {
    throw new RuntimeError(
      `debugfs could not read ${extImage(image, offset)}: ${result.stderr.trim()}`,
    );
  }
  const files = new Map<string, string>();
  const out = result.stdout;
  let at = 0;
  paths.forEach((path, i) => {
    const header = `debugfs: ${commands[i]}\n`;
    const start = out.indexOf(header, at) + header.length;
    const next =
      i + 1 < paths.length ? out.indexOf(`debugfs: ${commands[i + 1]}\n`, start) : out.length;
    at = next;
    if (!result.stderr.includes(`${path}: File not found`)) files.set(path, out.slice(start, next));
  });
  return files;
}

/** Whether paths exist in an ext partition (one debugfs run). */
export async function extPathsExist(
  exec: Exec,
  image: string,
  offset: number,
  paths: readonly string[],
): Promise<Set<string>> {
  const result = await exec.run("debugfs", ["-f", "-", extImage(image, offset)], {
    input: paths.map((p) => `stat ${quote(p)}`).join("\n") + "\n",
  });
  return new Set(paths.filter((p) => !result.stderr.includes(`${p}: File not found`)));
}

/** Debugfs messages that a re-run of the same script prints and that do no harm (idempotence). */
const HARMLESS = [/^rm: File not found by ext2_lookup/, /^debugfs \d/];

/**
 * Runs debugfs commands in write mode against an ext partition; `files` are written to a temp
 * folder first so `write <host file> <path>` can copy them in. Fails on any error other than the
 * harmless ones an idempotent re-run produces.
 */
export async function runDebugfsScript(
  exec: Exec,
  image: string,
  offset: number,
  script: (hostFile: (content: string) => string) => string[],
): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "rpi-debugfs-"));
  try {
    const pending: Promise<void>[] = [];
    let n = 0;
    const lines = script((content) => {
      const file = join(dir, `f${n++}`);
      pending.push(writeFile(file, content));
      return file;
    });
    await Promise.all(pending);
    const scriptFile = join(dir, "script");
    await writeFile(scriptFile, lines.join("\n") + "\n");
    const result = await exec.run("debugfs", ["-w", "-f", scriptFile, extImage(image, offset)]);
    const errors = result.stderr
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l && !HARMLESS.some((re) => re.test(l)));
    if (result.exitCode !== 0 || errors.length > 0) {
      throw new RuntimeError(`debugfs failed on ${extImage(image, offset)}: ${errors.join("; ")}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** debugfs splits its arguments on spaces; quoting keeps paths with spaces whole. */
export function quote(path: string): string {
  return /[\s"]/.test(path) ? `"${path.replace(/"/g, '\\"')}"` : path;
}

/** Runs a checked e2fsprogs tool on a partition (resize2fs, e2fsck) by offset. */
export async function runOnExt(
  exec: Exec,
  tool: string,
  args: readonly string[],
  image: string,
  offset: number,
  trailing: readonly string[] = [],
): Promise<string> {
  return runChecked(exec, tool, [...args, extImage(image, offset), ...trailing]);
}
