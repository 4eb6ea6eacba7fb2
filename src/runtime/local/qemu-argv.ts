import { createHash } from "node:crypto";
import { basename, join } from "node:path";
import type { ObservedPort } from "../../plan/observed.js";
import type { PublishedPort } from "../runtime.js";

/** Linux's limit on a unix socket path (sun_path, 108 bytes with the terminating NUL). */
const MAX_SOCKET_PATH = 107;

/**
 * Pure: where a machine's monitor socket goes: beside its state, or — when that path is too long for
 * a unix socket (a deep project directory) — in `runtimeDir`, named by a hash of the long path.
 */
export function monitorSocketFor(preferred: string, runtimeDir: string): string {
  if (Buffer.byteLength(preferred) <= MAX_SOCKET_PATH) return preferred;
  const hash = createHash("sha256").update(preferred).digest("hex").slice(0, 16);
  return join(runtimeDir, `rpi-monitor-${hash}.sock`);
}

/** Pure: whether argv[0] is a QEMU system emulator (and so understands -pidfile and -monitor). */
export function isQemuBinary(argv0: string): boolean {
  return basename(argv0).startsWith("qemu-system-");
}

/** Pure: the value after the last `-name` / `--name` option, as QEMU reads it. */
export function optionValue(argv: readonly string[], name: string): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < argv.length - 1; i++) {
    if (argv[i] === `-${name}` || argv[i] === `--${name}`) found = argv[i + 1];
  }
  return found;
}

/** Pure: the unix socket of the HMP monitor (`-monitor unix:<path>,server,nowait`), if the argv has one. */
export function monitorSocketPath(argv: readonly string[]): string | undefined {
  const value = optionValue(argv, "monitor");
  const match = value === undefined ? null : /^unix:([^,]+)/.exec(value);
  return match?.[1];
}

/**
 * Pure: a QEMU argv with the files the local runtime supervises through: `-pidfile` and a monitor
 * socket, each added only when absent. A monitor path too long for a unix socket is left out
 * (stop then ends QEMU with signals instead of powering the guest off).
 */
export function withSupervision(
  argv: readonly string[],
  files: { qemuPid: string; monitor: string },
): string[] {
  const result = [...argv];
  if (!isQemuBinary(argv[0] ?? "")) return result;
  if (optionValue(argv, "pidfile") === undefined) result.push("-pidfile", files.qemuPid);
  if (
    optionValue(argv, "monitor") === undefined &&
    Buffer.byteLength(files.monitor) <= MAX_SOCKET_PATH
  ) {
    result.push("-monitor", `unix:${files.monitor},server,nowait`);
  }
  return result;
}

const HOSTFWD = /hostfwd=(tcp|udp)?:([^:,]*):(\d+)-([^:,]*):(\d+)/g;

/**
 * Pure: the argv with every `hostfwd` that names no host address bound to the published port's
 * address (127.0.0.1 unless the user named one) — on the host an empty address would listen on
 * every interface — and the host bindings QEMU will listen on.
 */
export function bindHostForwards(
  argv: readonly string[],
  published: readonly PublishedPort[],
): { argv: string[]; ports: ObservedPort[] } {
  const ports: ObservedPort[] = [];
  const bound = argv.map((arg) =>
    arg.replace(
      HOSTFWD,
      (
        _all,
        proto: string | undefined,
        address: string,
        hostPort: string,
        guestAddress: string,
        guestPort: string,
      ) => {
        const protocol = proto === "udp" ? "udp" : "tcp";
        const wanted = published.find(
          (port) =>
            port.protocol === protocol &&
            port.guestPort === Number(guestPort) &&
            (port.hostPort === 0 || port.hostPort === Number(hostPort)),
        );
        const hostIp = address || wanted?.hostIp || "127.0.0.1";
        ports.push({ hostIp, hostPort: Number(hostPort), guestPort: Number(guestPort), protocol });
        return `hostfwd=${protocol}:${hostIp}:${hostPort}-${guestAddress}:${guestPort}`;
      },
    ),
  );
  return { argv: bound, ports };
}

/**
 * Pure: the argv with a `-vnc` that names no host address (`:0`, as the board's argv has it: in a
 * container, Docker publishes it on loopback) bound to 127.0.0.1 and the given display — on the host
 * an empty address would serve the guest's screen, without a password, on every interface. A `-vnc`
 * that names an address is the user's (through `graphics:`) and stays.
 */
export function bindVnc(argv: readonly string[], display: number): string[] {
  return argv.map((arg, i) =>
    argv[i - 1] === "-vnc" && arg.startsWith(":")
      ? `127.0.0.1:${display}${arg.replace(/^:\d*/, "")}`
      : arg,
  );
}
