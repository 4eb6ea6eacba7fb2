import type { BoardName } from "../config/types.js";
import { ConfigError } from "../errors.js";

export interface BoardChoice {
  /** The machine's `board`, if set. */
  board?: BoardName;
  /** The machine's `kernel`, if set. */
  kernel?: string;
  /** File names at the top of the image's boot partition. */
  bootFiles: readonly string[];
  /** The image, named in the error when nothing fits. */
  image?: string;
}

// Checked in order: a 64-bit Pi kernel means a Pi 3 is the most capable board QEMU runs it on.
const BY_KERNEL_FILE = [
  ["kernel8.img", "raspi3b"],
  ["kernel7.img", "raspi2b"],
  ["kernel.img", "raspi1ap"],
] as const satisfies readonly (readonly [string, BoardName])[];

/**
 * The board a machine boots on (DESIGN §3): its `board` when set; versatilepb when it gives
 * a kernel but no board (the old tool); else from the Pi kernels in the boot partition.
 * @returns the board, or a ConfigError naming the image and what to set.
 */
export function selectBoard(choice: BoardChoice): BoardName | ConfigError {
  if (choice.board) return choice.board;
  if (choice.kernel) return "versatilepb";
  const names = new Set(choice.bootFiles.map((f) => f.toLowerCase()));
  for (const [file, board] of BY_KERNEL_FILE) {
    if (names.has(file)) return board;
  }
  const image = choice.image ?? "the image";
  return new ConfigError(
    `cannot choose a board: the boot partition of ${image} has no kernel8.img, kernel7.img or kernel.img`,
    "set `board:` (e.g. virt) and `kernel:` in rpi.yml",
  );
}
