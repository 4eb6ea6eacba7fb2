import { execFile, spawn } from "node:child_process";
import { constants } from "node:fs";
import { access, closeSync, openSync } from "node:fs";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";
import { RuntimeError } from "../../errors.js";
import { isQemuBinary } from "./qemu-argv.js";
import { readNumberFile } from "./machine-state.js";

const accessAsync = promisify(access);

/**
 * Runs the machine in the background and records its pid, then — when it ends — its exit status.
 * Written atomically so a reader never sees half a number.
 */
const WRAPPER = [
  '"$@" &',
  'echo $! > "$RPI_PID_FILE"',
  "wait $!",
  'echo $? > "$RPI_EXIT_FILE.tmp"',
  'mv -f "$RPI_EXIT_FILE.tmp" "$RPI_EXIT_FILE"',
].join("\n");

/** Where the program `name` is: itself when it has a slash, else the first executable on PATH. */
export async function findExecutable(
  name: string,
  path = process.env.PATH ?? "",
): Promise<string | undefined> {
  const candidates = name.includes("/")
    ? [name]
    : path
        .split(delimiter)
        .filter(Boolean)
        .map((dir) => join(dir, name));
  for (const candidate of candidates) {
    try {
      await accessAsync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here; try the next directory.
    }
  }
  return undefined;
}

/**
 * Starts `argv` detached from rpi (it outlives the command that started it) under a `sh` wrapper,
 * output appended to the console file. Resolves the wrapper's and the machine process's pids.
 */
export async function spawnSupervised(
  argv: readonly string[],
  files: { console: string; pid: string; exit: string },
  cwd: string,
): Promise<{ wrapperPid: number; pid: number }> {
  const binary = argv[0] ?? "";
  if ((await findExecutable(binary)) === undefined) {
    throw new RuntimeError(
      `${binary} was not found`,
      isQemuBinary(binary)
        ? "install QEMU (Debian package qemu-system-arm: `apt-get install qemu-system-arm qemu-utils`)"
        : "check the machine's command: its program must be on PATH",
    );
  }
  const run = isQemuBinary(binary) ? await asBatchJob(argv) : argv;
  const log = openSync(files.console, "a");
  let wrapperPid: number | undefined;
  try {
    const child = spawn("sh", ["-c", WRAPPER, "sh", ...run], {
      detached: true,
      stdio: ["ignore", log, log],
      cwd,
      env: { ...process.env, RPI_PID_FILE: files.pid, RPI_EXIT_FILE: files.exit },
    });
    child.on("error", () => undefined);
    child.unref();
    wrapperPid = child.pid;
  } finally {
    closeSync(log);
  }
  if (wrapperPid === undefined) throw new RuntimeError(`could not start sh to run ${binary}`);
  const pid = await waitForNumber(files.pid, 5000);
  if (pid === undefined)
    throw new RuntimeError(`${binary} did not start within 5 s (no pid from its wrapper)`);
  return { wrapperPid, pid };
}

/**
 * QEMU under SCHED_BATCH, as the emulator image's entrypoint runs it: CPU-bound while its guest boots,
 * it is switched with other guests less often (4 virt boots on 2 CPUs ~4% sooner). chrt execs QEMU,
 * so the recorded pid is QEMU's. Without chrt (util-linux), or where the policy change is refused
 * (a seccomp profile), QEMU runs as it is.
 */
async function asBatchJob(argv: readonly string[]): Promise<readonly string[]> {
  const chrt = await findExecutable("chrt");
  if (!chrt) return argv;
  const allowed = await new Promise<boolean>((resolve) => {
    execFile(chrt, ["--batch", "0", "true"], (error) => resolve(!error));
  });
  return allowed ? [chrt, "--batch", "0", ...argv] : argv;
}

async function waitForNumber(file: string, timeoutMs: number): Promise<number | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await readNumberFile(file);
    if (value !== undefined || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
