/** A value that could not be expanded: where, and why. */
export interface VariableProblem {
  path: (string | number)[];
  message: string;
}

const REFERENCE = /\$\$|\$\{([^}]*)\}|\$\{/g;
const INNER = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)(.*))?$/s;

/** The variables an expansion read, with the value each had (`null`: unset): what its result depends on. */
export type VariablesRead = Record<string, string | null>;

/**
 * Expands `${VAR}`, `${VAR:-default}` (unset or empty), `${VAR-default}` (unset) and `$$` (a literal `$`)
 * in every string value of `data`. Keys are left alone. An unset variable without a default is a problem.
 */
export function expandVariables(
  data: unknown,
  env: Readonly<Record<string, string | undefined>>,
): { value: unknown; problems: VariableProblem[]; read: VariablesRead } {
  const problems: VariableProblem[] = [];
  const read: VariablesRead = {};
  const lookup = (name: string): string | undefined => {
    const value = env[name];
    read[name] = value ?? null;
    return value;
  };
  const walk = (node: unknown, path: (string | number)[]): unknown => {
    if (typeof node === "string") return expandString(node, lookup, path, problems);
    if (Array.isArray(node)) return node.map((item, i) => walk(item, [...path, i]));
    if (node !== null && typeof node === "object") {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, [...path, k])]));
    }
    return node;
  };
  return { value: walk(data, []), problems, read };
}

function expandString(
  text: string,
  lookup: (name: string) => string | undefined,
  path: (string | number)[],
  problems: VariableProblem[],
): string {
  if (!text.includes("$")) return text;
  return text.replace(REFERENCE, (whole, inner: string | undefined) => {
    if (whole === "$$") return "$";
    const match = inner === undefined ? null : INNER.exec(inner);
    if (!match) {
      problems.push({
        path,
        message: `bad variable reference "${whole}": write \${NAME} or \${NAME:-default}`,
      });
      return whole;
    }
    const [, name, operator, fallback] = match;
    const value = lookup(name);
    if (operator === ":-" && (value === undefined || value === "")) return fallback;
    if (operator === "-" && value === undefined) return fallback;
    if (value === undefined) {
      problems.push({
        path,
        message: `variable \${${name}} is not set (set it, or write \${${name}:-default})`,
      });
      return whole;
    }
    return value;
  });
}
