import { resolvePath } from "./paths.js";
import type { MachineConfig, MachineFields, PortMapping } from "./types.js";
import { parseDurationMs, parseMemoryMiB, parsePort, parseSizeBytes } from "./units.js";

/** Default readiness timeout: 5 minutes. */
export const DEFAULT_TIMEOUT_MS = 5 * 60_000;

/**
 * One machine's merged fields → MachineConfig: absolute paths, units in MiB / bytes / ms, defaults filled.
 * Assumes the fields passed the schema; with no image, `image` is the file's folder (and an error was reported).
 */
export function resolveMachine(
  name: string,
  fields: MachineFields,
  context: { dir: string; home: string },
): MachineConfig {
  const path = (value: string | undefined) =>
    value === undefined ? undefined : resolvePath(value, context.dir, context.home);
  const ssh = fields.ssh ?? {};
  const healthcheck = fields.healthcheck ?? {};
  const sshEnabled = ssh.enable ?? true;
  return {
    name,
    image: resolvePath(fields.image ?? "", context.dir, context.home),
    kernel: path(fields.kernel),
    dtb: path(fields.dtb),
    initrd: path(fields.initrd),
    board: fields.board,
    memory: fields.memory === undefined ? undefined : parseMemoryMiB(fields.memory),
    cpus: fields.cpus,
    graphics: fields.graphics,
    display: fields.display ?? "none",
    // A string runs through a shell, as the old tool's COMMAND did; a list runs as is.
    command: typeof fields.command === "string" ? ["sh", "-c", fields.command] : fields.command,
    network: fields.network ?? "user",
    // Forwards that do not parse were reported by checkMachine; the rest still take part in the port checks.
    ports: (fields.ports ?? []).map(parsePort).filter((p): p is PortMapping => !("error" in p)),
    ssh: {
      enable: sshEnabled,
      port: ssh.port,
      user: ssh.user ?? "pi",
      password: ssh.password,
      authorizedKeys: (ssh.authorized_keys ?? []).map((key) =>
        resolvePath(key, context.dir, context.home),
      ),
    },
    hostname: fields.hostname ?? name,
    cmdline: fields.cmdline,
    qemu:
      typeof fields.qemu === "string"
        ? fields.qemu.split(/\s+/).filter(Boolean)
        : (fields.qemu ?? []),
    disk: {
      sizeBytes: fields.disk?.size === undefined ? undefined : parseSizeBytes(fields.disk.size),
      persist: fields.disk?.persist ?? false,
    },
    healthcheck: {
      ssh: healthcheck.ssh ?? sshEnabled,
      console: healthcheck.console,
      timeoutMs:
        healthcheck.timeout === undefined
          ? DEFAULT_TIMEOUT_MS
          : parseDurationMs(healthcheck.timeout),
    },
    restrict: fields.restrict ?? false,
  };
}
