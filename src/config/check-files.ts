import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import type { Origin } from "./merge.js";
import type { Problem } from "./problem.js";
import type { MachineConfig, MachineFields } from "./types.js";

/** The files a machine names (image, kernel, dtb, initrd, authorized_keys) exist, are regular files and readable. */
export async function checkFiles(
  config: MachineConfig,
  fields: MachineFields,
  origin: Origin,
): Promise<Problem[]> {
  const wanted: { field: (string | number)[]; written: string; file: string }[] = [];
  for (const key of ["image", "kernel", "dtb", "initrd"] as const) {
    const written = fields[key];
    const file = config[key];
    if (written !== undefined && file !== undefined) wanted.push({ field: [key], written, file });
  }
  config.ssh.authorizedKeys.forEach((file, i) => {
    wanted.push({
      field: ["ssh", "authorized_keys", i],
      written: fields.ssh?.authorized_keys?.[i] ?? file,
      file,
    });
  });
  const problems = await Promise.all(
    wanted.map(async ({ field, written, file }) => {
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
