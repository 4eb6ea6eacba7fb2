import { memoryRule } from "../boards/memory.js";
import type { Origin } from "./merge.js";
import type { Problem } from "./problem.js";
import type { MachineFields } from "./types.js";
import { parseMemoryMiB, parsePort } from "./units.js";

const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Machine names become hostnames and container names: DNS labels only. */
export function checkMachineName(name: string): Problem[] {
  if (DNS_LABEL.test(name)) return [];
  return [
    {
      path: ["machines", name],
      at: "key",
      message:
        `"${name}" is not a valid machine name: use lowercase letters, digits and '-' ` +
        "(at most 63 characters, not starting or ending with '-')",
    },
  ];
}

/** The checks on one merged machine that the schema cannot make (files and ports across machines aside). */
export function checkMachine(name: string, fields: MachineFields, origin: Origin): Problem[] {
  const problems: Problem[] = [];
  const at = (field: (string | number)[], message: string, where: "key" | "value" = "value") =>
    problems.push({ path: origin(field), at: where, message });

  if (fields.image === undefined) {
    problems.push({
      path: ["machines", name],
      at: "key",
      message: "no image: set image: here or under defaults:",
    });
  }
  if (fields.board !== undefined && fields.memory !== undefined) {
    const mib = parseMemoryMiB(fields.memory);
    const rule = memoryRule(fields.board);
    if (!rule.allows(mib)) {
      const written =
        String(fields.memory) === String(mib) ? String(mib) : `${fields.memory} (${mib} MiB)`;
      // A value from defaults: says which machine's board rejects it.
      const board =
        origin(["memory"])[0] === "defaults" ? `${fields.board} of machines.${name}` : fields.board;
      at(["memory"], `${written} is not allowed for board ${board} (${rule.description})`);
    }
  }
  if (fields.board !== undefined && fields.board !== "virt" && fields.cpus !== undefined) {
    at(["cpus"], `cpus applies to board virt only (${fields.board} has a fixed number of CPUs)`);
  }
  (fields.ports ?? []).forEach((port, i) => {
    const parsed = parsePort(port);
    if ("error" in parsed) at(["ports", i], parsed.error);
  });
  if (fields.restrict && fields.network === "bridge") {
    at(
      ["restrict"],
      "restrict applies to network user only (in bridge mode the guest has the container's address)",
    );
  }
  if (fields.healthcheck?.ssh === true && fields.ssh?.enable === false) {
    at(["healthcheck", "ssh"], "an SSH health check needs ssh.enable: true");
  }
  const pattern = fields.healthcheck?.console;
  if (pattern !== undefined) {
    try {
      new RegExp(pattern);
    } catch (error) {
      at(["healthcheck", "console"], `not a valid regular expression: ${(error as Error).message}`);
    }
  }
  return problems;
}
