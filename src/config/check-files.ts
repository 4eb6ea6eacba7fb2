import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import type { Origin } from "./merge.js";
import type { Problem } from "./problem.js";
import type { MachineConfig, MachineFields } from "./types.js";

/** A file a machine names, with the field that names it. */
export interface NamedFile {
  field: ["image" | "kernel" | "dtb" | "initrd"] | ["ssh", "authorized_keys", number];
  /** The resolved path. */
  file: string;
}

/** The files a machine names: image, kernel, dtb, initrd, each ssh.authorized_keys entry. */
export function namedFiles(machine: MachineConfig): NamedFile[] {
  const named: NamedFile[] = [];
  for (const key of ["image", "kernel", "dtb", "initrd"] as const) {
    const file = machine[key];
    if (file !== undefined) named.push({ field: [key], file });
  }
  machine.ssh.authorizedKeys.forEach((file, i) => {
    named.push({ field: ["ssh", "authorized_keys", i], file });
  });
  return named;
}

/** The files a machine names exist, are regular files and readable; a problem points at its field. */
export async function checkFiles(
  config: MachineConfig,
  fields: MachineFields,
  origin: Origin,
): Promise<Problem[]> {
  const problems = await Promise.all(
    namedFiles(config).map(async ({ field, file }) => {
      const written =
        field[0] === "ssh" ? (fields.ssh?.authorized_keys?.[field[2]] ?? file) : fields[field[0]];
      // Not set in the file (no image, say): the machine's own checks say so.
      if (written === undefined) return [];
      const problem = await fileProblem(file);
      if (!problem) return [];
      const shown = written === file ? file : `${written} (${file})`;
      return [{ path: origin(field), at: "value" as const, message: `${shown} ${problem}` }];
    }),
  );
  return problems.flat();
}

/** Why a file cannot be used as an input, or undefined when it can. */
export async function fileProblem(file: string): Promise<string | undefined> {
  try {
    const info = await stat(file);
    if (info.isDirectory()) return "is a directory, not a file";
    if (!info.isFile()) return "is not a regular file";
    await access(file, constants.R_OK);
    return undefined;
  } catch (error) {
    return errnoProblem((error as NodeJS.ErrnoException).code);
  }
}

/** An errno code from stat/access → words. */
export function errnoProblem(code: string | undefined): string {
  switch (code) {
    case "ENOENT":
      return "does not exist";
    case "ENOTDIR":
      return "cannot be read: a part of its path is a file, not a folder";
    case "EACCES":
    case "EPERM":
      return "is not readable (permission denied)";
    case "ELOOP":
      return "cannot be read: too many symbolic links";
    default:
      return `cannot be read (${code ?? "unknown error"})`;
  }
}
