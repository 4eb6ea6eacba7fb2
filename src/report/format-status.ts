import type { MachineStatus } from "./machine-status.js";

/** The `rpi status` table. */
export function formatStatusTable(rows: MachineStatus[]): string {
  const header = ["MACHINE", "STATE", "BOARD", "SSH", "PORTS", "UPTIME"];
  const body = rows.map((row) => [
    row.inFile ? row.machine : `${row.machine} (orphan)`,
    row.state === "exited" && row.exitCode !== undefined ? `exited (${row.exitCode})` : row.state,
    row.board ?? "-",
    row.ssh ? `${row.ssh.user}@${row.ssh.host}:${row.ssh.port}` : "-",
    row.ports.length > 0
      ? row.ports.map((p) => `${p.hostIp}:${p.hostPort}->${p.guestPort}/${p.protocol}`).join(",")
      : "-",
    row.uptimeSeconds === undefined ? "-" : formatDuration(row.uptimeSeconds),
  ]);
  const table = [header, ...body];
  const widths = header.map((_, column) => Math.max(...table.map((line) => line[column].length)));
  return table
    .map((line) =>
      line
        .map((cell, column) => cell.padEnd(widths[column]))
        .join("  ")
        .trimEnd(),
    )
    .join("\n")
    .concat("\n");
}

/** 75 → "1m15s"; 3700 → "1h1m". */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${seconds % 60}s`;
  return `${Math.floor(seconds / 3600)}h${Math.floor((seconds % 3600) / 60)}m`;
}
