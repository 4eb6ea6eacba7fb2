import { RuntimeError } from "../errors.js";

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** The one seam for external programs (mtools, debugfs, qemu-img, sfdisk …), so tests can pass a fake. */
export interface Exec {
  run(
    file: string,
    args: readonly string[],
    options?: { input?: string | Buffer },
  ): Promise<ExecResult>;
}

/** Runs programs on the host; a missing program becomes a RuntimeError that says which package brings it. */
export const hostExec: Exec = {
  async run(file, args, options) {
    // Loaded on first use: commands that run no program (status) don't pay for execa.
    const { execa } = await import("execa");
    try {
      const result = await execa(file, args, {
        input: options?.input,
        reject: false,
        stripFinalNewline: false,
        encoding: "utf8",
      });
      if (result.failed && result.exitCode === undefined) {
        throw result;
      }
      return { stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode ?? 1 };
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === "ENOENT") {
        throw new RuntimeError(`${file} was not found`, `install it (${packageFor(file)})`);
      }
      throw error;
    }
  },
};

/** Runs a program and throws a RuntimeError carrying its stderr when it exits non-zero. */
export async function runChecked(
  exec: Exec,
  file: string,
  args: readonly string[],
  options?: { input?: string | Buffer },
): Promise<string> {
  const result = await exec.run(file, args, options);
  if (result.exitCode !== 0) {
    const detail = (result.stderr || result.stdout).trim().split("\n").slice(-5).join("\n");
    throw new RuntimeError(`${file} ${args.join(" ")} failed (exit ${result.exitCode}): ${detail}`);
  }
  return result.stdout;
}

const PACKAGES: Record<string, string> = {
  mcopy: "Debian package mtools",
  mdir: "Debian package mtools",
  mtype: "Debian package mtools",
  mdel: "Debian package mtools",
  debugfs: "Debian package e2fsprogs",
  resize2fs: "Debian package e2fsprogs",
  e2fsck: "Debian package e2fsprogs",
  "mkfs.ext4": "Debian package e2fsprogs",
  "qemu-img": "Debian package qemu-utils",
  sfdisk: "Debian package fdisk",
  "qemu-system-arm": "Debian package qemu-system-arm",
  "qemu-system-aarch64": "Debian package qemu-system-arm",
  ssh: "Debian package openssh-client",
  "ssh-keygen": "Debian package openssh-client",
};

function packageFor(file: string): string {
  return PACKAGES[file] ?? "see the README's set-up command";
}
