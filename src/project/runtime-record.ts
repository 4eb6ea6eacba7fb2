import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { runtimeRecordPath } from "./paths.js";

export type RecordedRuntime = "docker" | "local";

/**
 * The runtime that runs the project's machines, as `up` recorded it in `.rpi/runtime`, so that
 * later commands ask the same one: with the Docker engine down (or restarting), `status` must not
 * fall back to host processes and call Docker's machines missing, nor `up` start them twice.
 */
export async function recordedRuntime(projectDir: string): Promise<RecordedRuntime | undefined> {
  const text = await readFile(runtimeRecordPath(projectDir), "utf8").catch(() => "");
  const kind = text.trim();
  return kind === "docker" || kind === "local" ? kind : undefined;
}

export async function recordRuntime(projectDir: string, kind: RecordedRuntime): Promise<void> {
  if ((await recordedRuntime(projectDir)) === kind) return;
  const file = runtimeRecordPath(projectDir);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${kind}\n`);
}

/** After `down` removed the last machine: the project runs nowhere. */
export async function forgetRuntime(projectDir: string): Promise<void> {
  await rm(runtimeRecordPath(projectDir), { force: true });
}
