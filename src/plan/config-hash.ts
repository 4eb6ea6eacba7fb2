import { createHash } from "node:crypto";
import type { MachineConfig } from "../config/types.js";

/**
 * The fields whose change needs a new machine. Health-check settings only change how long
 * we wait, so (like compose's ServiceHash dropping scale) they are left out.
 */
export function hashedFields(machine: MachineConfig): Record<string, unknown> {
  const { healthcheck: _healthcheck, ...rest } = machine;
  return JSON.parse(JSON.stringify(rest)) as Record<string, unknown>;
}

/** A stable hash of an object: keys sorted at every depth. */
export function stableHash(value: unknown): string {
  return createHash("sha256").update(canonicalJson(value)).digest("hex").slice(0, 16);
}

export function configHash(machine: MachineConfig): string {
  return stableHash(hashedFields(machine));
}

/** Names of the top-level fields that differ between two hashed-field records, sorted. */
export function changedFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((key) => canonicalJson(before[key]) !== canonicalJson(after[key])).sort();
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(",")}]`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
