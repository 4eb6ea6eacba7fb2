import { hostKeyAlias } from "./known-hosts.js";
import { knownHostsPath, managementKeyPath } from "./paths.js";

export interface SshTarget {
  projectDir: string;
  project: string;
  machine: string;
  host: string;
  port: number;
  user: string;
}

/**
 * Pure: OpenSSH arguments for a machine — rpi's key, and host keys of these throw-away guests kept
 * in .rpi/known_hosts under the machine's alias, never in the user's own file.
 */
export function sshArgs(
  target: SshTarget,
  command: string[],
  options: { batch: boolean; checkHostKey?: boolean },
): string[] {
  // rpi's own power-off skips the check: it talks to a guest it made, on an address it chose.
  const hostKeys =
    options.checkHostKey === false
      ? ["-o", "UserKnownHostsFile=/dev/null", "-o", "StrictHostKeyChecking=no"]
      : [
          "-o",
          `UserKnownHostsFile=${knownHostsPath(target.projectDir)}`,
          "-o",
          `HostKeyAlias=${hostKeyAlias(target.project, target.machine)}`,
          "-o",
          "StrictHostKeyChecking=accept-new",
          // Plain entries, so forgetHostKey() finds a recreated machine's old key at a glance.
          "-o",
          "HashKnownHosts=no",
        ];
  return [
    "-i",
    managementKeyPath(target.projectDir),
    "-p",
    String(target.port),
    ...hostKeys,
    "-o",
    "IdentitiesOnly=yes",
    "-o",
    "LogLevel=ERROR",
    ...(options.batch ? ["-o", "BatchMode=yes", "-o", "ConnectTimeout=5"] : []),
    `${target.user}@${target.host}`,
    ...command,
  ];
}
