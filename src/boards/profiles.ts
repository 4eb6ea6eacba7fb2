import type { BoardName } from "../config/types.js";
import { memoryRule, type MemoryRule } from "./memory.js";
import { RASPI } from "./raspi.js";
import type { BoardProfile } from "./types.js";
import { VERSATILEPB } from "./versatilepb.js";
import { VIRT } from "./virt.js";

const PROFILES = { versatilepb: VERSATILEPB, ...RASPI, virt: VIRT } satisfies Record<
  BoardName,
  BoardProfile
>;

/** The data that describes how QEMU boots a board (DESIGN §3). */
export function boardProfile(board: BoardName): BoardProfile {
  return PROFILES[board];
}

/** The memory a board accepts and its default (owned by src/boards/memory.ts). */
export function boardMemory(board: BoardName): MemoryRule {
  return memoryRule(board);
}

/** True when QEMU gives the board a network device (so SSH and ports can be forwarded). */
export function boardHasNetwork(board: BoardName): boolean {
  return PROFILES[board].network.kind !== "none";
}
