import { createHmac } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { knownHostsPath } from "./paths.js";

/** The alias a machine's host key is kept under in .rpi/known_hosts (ports change; names don't). */
export function hostKeyAlias(project: string, machine: string): string {
  return `${project}-${machine}`;
}

/**
 * Pure: whether a known_hosts line is about `host`, written plainly (`host,other keytype key`) or
 * hashed as OpenSSH does with HashKnownHosts (`|1|base64 salt|base64 HMAC-SHA1(salt, host) …`).
 */
export function knownHostsLineIsFor(line: string, host: string): boolean {
  const field = line.split(" ")[0] ?? "";
  const hashed = /^\|1\|([^|]+)\|([^|]+)$/.exec(field);
  if (hashed) {
    const salt = Buffer.from(hashed[1], "base64");
    return createHmac("sha1", salt).update(host).digest("base64") === hashed[2];
  }
  return field.split(",").includes(host);
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
  const kept = text.split("\n").filter((line) => !knownHostsLineIsFor(line, alias));
  await writeFile(path, kept.join("\n"));
}
