import { join } from "node:path";

/** Where rpi keeps a project's state: `.rpi/` beside rpi.yml. */
export function stateDir(projectDir: string): string {
  return join(projectDir, ".rpi");
}

export function machineDir(projectDir: string, machine: string): string {
  return join(stateDir(projectDir), "machines", machine);
}

export function managementKeyPath(projectDir: string): string {
  return join(stateDir(projectDir), "ssh", "id_ed25519");
}

export function knownHostsPath(projectDir: string): string {
  return join(stateDir(projectDir), "known_hosts");
}

export function lockPath(projectDir: string): string {
  return join(stateDir(projectDir), "lock");
}

/** Which runtime runs the project's machines, as `up` recorded it (see runtime-record.ts). */
export function runtimeRecordPath(projectDir: string): string {
  return join(stateDir(projectDir), "runtime");
}

/** The last project rpi.yml resolved to, and what it was resolved from (see config/project-cache.ts). */
export function projectCachePath(projectDir: string): string {
  return join(stateDir(projectDir), "project.json");
}
