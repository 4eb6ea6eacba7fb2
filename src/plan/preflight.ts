import type { KernelArch } from "../boards/index.js";
import type { BoardName, MachineConfig } from "../config/types.js";
import { ConfigError, RuntimeError } from "../errors.js";
import type { ObservedMachine } from "./observed.js";
import type { Plan } from "./plan.js";

/** What the host answers about the inputs of a plan; the real one binds sockets and reads files. */
export interface HostFacts {
  /** Why the host cannot bind address:port, or undefined when it can. */
  portProblem(address: string, port: number, protocol: "tcp" | "udp"): Promise<string | undefined>;
  /** A kernel file's architecture, or what the file looks like instead ("an x86 kernel"). */
  kernel(path: string): Promise<{ arch: KernelArch } | { arch?: undefined; looksLike: string }>;
}

export interface PreflightOptions {
  /** Whether host ports get bound (Docker publishes nothing from an internal network). */
  publishesPorts: boolean;
}

// Boards that run 32-bit ARM kernels only; the others (Pi 3 and 4) run either.
const ARM32_ONLY: readonly BoardName[] = ["versatilepb", "raspi0", "raspi1ap", "raspi2b"];

/**
 * The checks of DESIGN §8 that need the host, run on what the plan will start, before anything is
 * created: every host port it binds is free, every `kernel:` is an ARM kernel the board can run.
 * Ports that the project's own running machines hold are theirs, not a clash.
 * @throws ConfigError (exit 2) when every problem is in the input, else RuntimeError (exit 1).
 */
export async function preflight(
  plan: Plan,
  observed: readonly ObservedMachine[],
  options: PreflightOptions,
  host: HostFacts,
): Promise<void> {
  const held = new Set(
    observed
      .filter((machine) => machine.state === "running")
      .flatMap((machine) => machine.ports.map((port) => `${port.hostPort}/${port.protocol}`)),
  );
  const problems: (ConfigError | RuntimeError)[] = [];
  for (const operation of plan.operations) {
    if (!("machine" in operation) || operation.kind === "keep" || operation.kind === "wait") {
      continue;
    }
    const machine = operation.machine;
    if (options.publishesPorts) {
      for (const binding of hostBindings(machine)) {
        if (held.has(`${binding.port}/${binding.protocol}`)) continue;
        const why = await host.portProblem(binding.address, binding.port, binding.protocol);
        if (why) problems.push(portError(machine.name, binding, why));
      }
    }
    if (machine.kernel !== undefined && operation.kind !== "start") {
      const problem = await kernelProblem(machine, host);
      if (problem) problems.push(problem);
    }
  }
  if (problems.length === 0) return;
  const message = problems.map((problem) => problem.message).join("\n");
  const hint = [...new Set(problems.map((problem) => problem.hint).filter(Boolean))].join("; ");
  throw problems.every((problem) => problem instanceof ConfigError)
    ? new ConfigError(message, hint)
    : new RuntimeError(message, hint);
}

interface HostBinding {
  field: string;
  address: string;
  port: number;
  protocol: "tcp" | "udp";
}

/** Pure: the host ports a machine binds, each with the rpi.yml field that asks for it. */
export function hostBindings(machine: MachineConfig): HostBinding[] {
  const bindings: HostBinding[] = [];
  if (machine.ssh.enable && machine.ssh.port !== undefined) {
    bindings.push({
      field: "ssh.port",
      address: "127.0.0.1",
      port: machine.ssh.port,
      protocol: "tcp",
    });
  }
  machine.ports.forEach((port, i) => {
    if (port.hostPort === 0) return;
    bindings.push({
      field: `ports[${i}]`,
      address: port.hostIp,
      port: port.hostPort,
      protocol: port.protocol,
    });
  });
  return bindings;
}

function portError(machine: string, binding: HostBinding, why: string): RuntimeError {
  const udp = binding.protocol === "udp" ? "/udp" : "";
  return new RuntimeError(
    `machines.${machine}.${binding.field}: ${binding.address}:${binding.port}${udp} ${why}`,
    binding.field === "ssh.port"
      ? "stop what listens there, or pick another ssh.port (or leave it out: rpi then takes a free port)"
      : "stop what listens there, or pick another host port in ports:",
  );
}

async function kernelProblem(
  machine: MachineConfig,
  host: HostFacts,
): Promise<ConfigError | undefined> {
  const kernel = machine.kernel ?? "";
  // A kernel without a board boots on versatilepb (DESIGN §3).
  const board = machine.board ?? "versatilepb";
  let facts: Awaited<ReturnType<HostFacts["kernel"]>>;
  try {
    facts = await host.kernel(kernel);
  } catch (error) {
    if (error instanceof ConfigError) {
      return new ConfigError(`machines.${machine.name}.kernel: ${error.message}`, error.hint);
    }
    throw error;
  }
  if (facts.arch === undefined) {
    return new ConfigError(
      `machines.${machine.name}.kernel: ${kernel} is not an ARM Linux kernel (${facts.looksLike})`,
      "give a kernel built for ARM: an arm64 Image (virt, raspi3b) or an arm zImage (versatilepb, raspi2b, virt)",
    );
  }
  if (facts.arch === "aarch64" && ARM32_ONLY.includes(board)) {
    return new ConfigError(
      `machines.${machine.name}.kernel: ${kernel} is an arm64 kernel; board ${board} runs 32-bit ARM kernels only`,
      "give a 32-bit arm zImage, or set board: virt (or raspi3b) to boot this kernel",
    );
  }
  return undefined;
}
