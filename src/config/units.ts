import type { PortMapping } from "./types.js";

const MIB = 1024 * 1024;
const SIZE_UNITS: Record<string, number> = { K: 1024, M: MIB, G: 1024 * MIB, T: 1024 * 1024 * MIB };

/** Memory as written (a number of MiB, "512", "512M", "1G") → MiB. The schema has checked the form. */
export function parseMemoryMiB(value: number | string): number {
  return parseSizeBytes(value) / MIB;
}

/** A size as written (a number of MiB, "4096", "512M", "4G", "1T", "64K") → bytes. */
export function parseSizeBytes(value: number | string): number {
  if (typeof value === "number") return value * MIB;
  const match = /^(\d+)([KMGT])?/.exec(value);
  if (!match) throw new Error(`not a size: ${value}`);
  return Number(match[1]) * (match[2] ? SIZE_UNITS[match[2]] : MIB);
}

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A duration as written ("500ms", "90s", "10m", "1h") → milliseconds. */
export function parseDurationMs(value: string): number {
  const match = /^(\d+)(ms|s|m|h)$/.exec(value);
  if (!match) throw new Error(`not a duration: ${value}`);
  return Number(match[1]) * DURATION_UNITS[match[2]];
}

/** `[ADDRESS:]HOST:GUEST[/PROTO]` → PortMapping, or the reason it is not a usable forward. */
export function parsePort(value: string): PortMapping | { error: string } {
  const match = /^(?:(\d+\.\d+\.\d+\.\d+):)?(\d+):(\d+)(?:\/(tcp|udp))?$/.exec(value);
  if (!match) return { error: `"${value}" is not a port forward like "8080:80"` };
  const [, hostIp = "127.0.0.1", host, guest, protocol = "tcp"] = match;
  if (hostIp.split(".").some((octet) => Number(octet) > 255)) {
    return { error: `"${hostIp}" is not an IPv4 address` };
  }
  for (const [side, port] of [
    ["host", host],
    ["guest", guest],
  ] as const) {
    const n = Number(port);
    if (n < 1 || n > 65535) return { error: `${side} port ${port} is out of range (1-65535)` };
  }
  return {
    hostIp,
    hostPort: Number(host),
    guestPort: Number(guest),
    protocol: protocol as "tcp" | "udp",
  };
}
