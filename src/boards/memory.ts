import type { BoardName } from "../config/types.js";

/** What memory (MiB) a board accepts, and what it gets when none is given (DESIGN §3). */
export interface MemoryRule {
  /** MiB given to the guest when the machine sets no memory. */
  default: number;
  /** True when QEMU's model of the board accepts this many MiB. */
  allows(mib: number): boolean;
  /** The allowed values in words, for error messages: "at most 256", "exactly 1024". */
  description: string;
}

function exactly(mib: number): MemoryRule {
  return { default: mib, allows: (m) => m === mib, description: `exactly ${mib}` };
}

// QEMU's raspi machines have their RAM size fixed by the SoC model; versatilepb's
// memory controller maps at most 256 MiB; virt takes anything a kernel can boot in.
const RULES = {
  versatilepb: { default: 256, allows: (m) => m >= 1 && m <= 256, description: "at most 256" },
  raspi0: exactly(512),
  raspi1ap: exactly(512),
  raspi2b: exactly(1024),
  raspi3ap: exactly(512),
  raspi3b: exactly(1024),
  raspi4b: exactly(2048),
  virt: { default: 1024, allows: (m) => m >= 64, description: "at least 64" },
} satisfies Record<BoardName, MemoryRule>;

/** The memory rule of a board: used by the config checks and by the planner for auto-detected boards. */
export function memoryRule(board: BoardName): MemoryRule {
  return RULES[board];
}
