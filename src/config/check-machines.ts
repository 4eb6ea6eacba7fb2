import { checkFiles } from "./check-files.js";
import { checkMachine, checkMachineName } from "./check-machine.js";
import { checkHostPorts } from "./check-ports.js";
import { mergeDefaults } from "./merge.js";
import type { Origin } from "./merge.js";
import type { Problem } from "./problem.js";
import { resolveMachine } from "./resolve.js";
import type { MachineConfig, RpiFile } from "./types.js";

/**
 * The checks a schema cannot make (names, image, memory per board, ports, files), run on every machine with
 * defaults merged, and the machines resolved. `schemaProblems` are the problems found so far: a field that
 * already failed is left out here, since its value may not parse.
 */
export async function checkMachines(
  file: RpiFile,
  schemaProblems: readonly Problem[],
  context: { dir: string; home: string; checkFiles: boolean },
): Promise<{ machines: MachineConfig[]; problems: Problem[] }> {
  // Unknown keys don't block: the rest of the machine is still checked.
  const blocking = schemaProblems.filter((p) => !p.message.startsWith("unknown key"));
  const brokenFields = (prefix: (string | number)[]) =>
    new Set(
      blocking
        .filter(
          (p) =>
            p.path.length > prefix.length && prefix.every((segment, i) => p.path[i] === segment),
        )
        .map((p) => String(p.path[prefix.length])),
    );
  const brokenDefaults = brokenFields(["defaults"]);
  const defaults = isMapping(file.defaults) ? without(file.defaults, brokenDefaults) : {};
  const entries = isMapping(file.machines) ? Object.entries(file.machines) : [];

  const resolved: { config: MachineConfig; origin: Origin }[] = [];
  const problems: Problem[] = [];
  for (const [name, machine] of entries) {
    problems.push(...checkMachineName(name));
    if (!isMapping(machine)) continue;
    const broken = brokenFields(["machines", name]);
    const { fields, origin } = mergeDefaults(name, without(machine, broken), defaults);
    // An image that failed already (an unset variable, say) is not also "missing".
    const imageBroken =
      broken.has("image") || (!("image" in machine) && brokenDefaults.has("image"));
    problems.push(
      ...checkMachine(name, fields, origin).filter(
        (p) => !(imageBroken && p.message.startsWith("no image")),
      ),
    );
    const config = resolveMachine(name, fields, context);
    if (context.checkFiles) problems.push(...(await checkFiles(config, fields, origin)));
    resolved.push({ config, origin });
  }
  problems.push(...checkHostPorts(resolved));
  return { machines: resolved.map((m) => m.config), problems };
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A copy of `fields` without the named top-level keys. */
function without<T extends object>(fields: T, keys: ReadonlySet<string>): T {
  return Object.fromEntries(Object.entries(fields).filter(([key]) => !keys.has(key))) as T;
}
