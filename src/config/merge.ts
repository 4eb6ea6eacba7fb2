import type { MachineFields } from "./types.js";

/** Where a machine's field is written in the file: under the machine, or under `defaults:`. */
export type Origin = (field: readonly (string | number)[]) => (string | number)[];

const NESTED = ["ssh", "disk", "healthcheck"] as const;

/**
 * `defaults:` under one machine: the machine's own value wins; ssh, disk and healthcheck merge field by field;
 * lists (ports, authorized_keys, qemu) are replaced, not joined. Also returns where each field came from.
 */
export function mergeDefaults(
  name: string,
  machine: MachineFields,
  defaults: MachineFields = {},
): { fields: MachineFields; origin: Origin } {
  const fields: MachineFields = { ...defaults, ...machine };
  for (const key of NESTED) {
    if (defaults[key] || machine[key]) {
      Object.assign(fields, { [key]: { ...defaults[key], ...machine[key] } });
    }
  }
  const origin: Origin = (field) => {
    const [top, sub] = field;
    const own = machine[top as keyof MachineFields] as Record<string, unknown> | undefined;
    const inherited = defaults[top as keyof MachineFields] as Record<string, unknown> | undefined;
    const isNested = (NESTED as readonly unknown[]).includes(top) && sub !== undefined;
    const ownHasIt = isNested ? own?.[sub] !== undefined : own !== undefined;
    const defaultsHaveIt = isNested ? inherited?.[sub] !== undefined : inherited !== undefined;
    if (!ownHasIt && defaultsHaveIt) return ["defaults", ...field];
    return ["machines", name, ...field];
  };
  return { fields, origin };
}
