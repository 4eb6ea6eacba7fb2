import type { MachineConfig } from "../config/types.js";

/** The five steps of one machine (DESIGN §2), each one domain call; the executor only sequences them. */
export interface MachineSteps {
  /** 1. The emulator image (shared by all machines; built once). Returns what was done. */
  buildImage(): Promise<string>;
  /** 2. The machine's disk: a prepared base (cached) and its own overlay. */
  preparePartitions(machine: MachineConfig, onLine: (line: string) => void): Promise<string>;
  /** 3. The project network (shared; created once). */
  createBridge(): Promise<string>;
  /** 4. Create (removing an old one first when recreating) and start the machine. */
  boot(machine: MachineConfig, how: "create" | "recreate" | "start"): Promise<string>;
  /** 5. Wait until the guest answers; onLine gets the latest console line while it boots. */
  healthCheck(machine: MachineConfig, onLine: (line: string) => void): Promise<string>;
  /** Removes a machine that is no longer in the file. */
  removeOrphan(name: string): Promise<void>;
}
