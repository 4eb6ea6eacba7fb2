import { readFile, writeFile } from "node:fs/promises";
import { knownHostsPath } from "./paths.js";

/** The alias a machine's host key is kept under in .rpi/known_hosts (ports change; names don't). */
export function hostKeyAlias(project: string, machine: string): string {
  return `${project}-${machine}`;
}

/** A recreated guest makes a new host key: forget the old one so `rpi ssh` doesn't refuse it. */
export async function forgetHostKey(
  projectDir: string,
  project: string,
  machine: string,
): Promise<void> {
  const path = knownHostsPath(projectDir);
  const alias = hostKeyAlias(project, machine);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    return;
  }
  const kept = text.split("\n").filter((line) => line.split(" ")[0] !== alias);
  await writeFile(path, kept.join("\n"));
}
