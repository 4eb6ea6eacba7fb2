import type { MachineConfig, ProjectConfig } from "../../src/config/types.js";

/** A resolved machine with every default filled, for tests that need one. */
export function machineConfig(name: string, overrides: Partial<MachineConfig> = {}): MachineConfig {
  return {
    name,
    image: "/images/test.img",
    board: "virt",
    memory: 512,
    display: "none",
    network: "user",
    restrict: false,
    ports: [],
    ssh: { enable: true, user: "pi", authorizedKeys: [] },
    hostname: name,
    qemu: [],
    disk: { persist: false },
    healthcheck: { ssh: true, timeoutMs: 300_000 },
    ...overrides,
  };
}

export function projectConfig(machines: MachineConfig[], name = "lab"): ProjectConfig {
  return { name, file: "/work/lab/rpi.yml", dir: "/work/lab", internal: false, machines };
}
