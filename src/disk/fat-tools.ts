import { ConfigError } from "../errors.js";
import { runChecked, type Exec } from "../util/exec.js";

/** mtools' name for a FAT filesystem at a byte offset inside an image file. */
export function fatImage(image: string, offset: number): string {
  return `${image}@@${offset}`;
}

/** Every file (not directory) of a FAT partition, recursively, as paths relative to its root ("broadcom/x.dtb"). */
export async function listFatFiles(exec: Exec, image: string, offset: number): Promise<string[]> {
  const result = await exec.run("mdir", ["-b", "-/", "-i", fatImage(image, offset), "::"]);
  if (result.exitCode !== 0) {
    // mtools says "non DOS media" / "Cannot initialize": the partition is typed FAT but holds none.
    const detail = (result.stderr || result.stdout).trim().split("\n")[0] ?? "";
    throw new ConfigError(
      `${image}: the boot partition at byte ${offset} holds no FAT filesystem (mtools: ${detail})`,
      "use a Raspberry Pi OS-layout image: a FAT32 boot partition and an ext4 root partition",
    );
  }
  return result.stdout
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.startsWith("::/") && !line.endsWith("/"))
    .map((line) => line.slice(3))
    .sort();
}

/** A text file from a FAT partition. */
export async function readFatFile(
  exec: Exec,
  image: string,
  offset: number,
  path: string,
): Promise<string> {
  return runChecked(exec, "mtype", ["-i", fatImage(image, offset), `::/${path}`]);
}

/** Writes (or overwrites) a file at the root of a FAT partition from the given content. */
export async function writeFatFile(
  exec: Exec,
  image: string,
  offset: number,
  path: string,
  content: string,
): Promise<void> {
  await runChecked(exec, "mcopy", ["-o", "-i", fatImage(image, offset), "-", `::/${path}`], {
    input: content,
  });
}

/** Copies FAT files (relative paths) into a host directory, keeping their sub-folders. */
export async function extractFatFiles(
  exec: Exec,
  image: string,
  offset: number,
  files: readonly string[],
  targetDir: string,
): Promise<void> {
  const byDir = new Map<string, string[]>();
  for (const file of files) {
    const dir = file.includes("/") ? file.slice(0, file.lastIndexOf("/")) : "";
    byDir.set(dir, [...(byDir.get(dir) ?? []), `::/${file}`]);
  }
  // One mcopy per folder: mcopy copies many sources into one target directory.
  for (const [dir, sources] of byDir) {
    const target = dir ? `${targetDir}/${dir}` : targetDir;
    if (dir) await runChecked(exec, "mkdir", ["-p", target]);
    await runChecked(exec, "mcopy", [
      "-n",
      "-o",
      "-i",
      fatImage(image, offset),
      ...sources,
      `${target}/`,
    ]);
  }
}
