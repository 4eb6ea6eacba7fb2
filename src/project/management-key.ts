import { mkdir, readFile } from "node:fs/promises";
import { dirname } from "node:path";
import { runChecked, type Exec } from "../util/exec.js";
import { managementKeyPath } from "./paths.js";

/**
 * The project's own SSH key: put in every guest's root authorized_keys so rpi can power guests
 * off and `rpi ssh` works without the user's keys. Created once with ssh-keygen; returns the public key.
 */
export async function ensureManagementKey(projectDir: string, exec: Exec): Promise<string> {
  const path = managementKeyPath(projectDir);
  try {
    return (await readFile(`${path}.pub`, "utf8")).trim();
  } catch {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await runChecked(exec, "ssh-keygen", [
      "-q",
      "-t",
      "ed25519",
      "-N",
      "",
      "-C",
      "rpi-management",
      "-f",
      path,
    ]);
    return (await readFile(`${path}.pub`, "utf8")).trim();
  }
}
