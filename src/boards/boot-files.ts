import type { BoardName } from "../config/types.js";
import { ConfigError } from "../errors.js";
import { pairedInitramfs, parseConfigTxt } from "./config-txt.js";
import { boardProfile } from "./profiles.js";

export interface BootFilesInput {
  board: BoardName;
  /** Paths of the boot partition's files, relative to its root (`broadcom/x.dtb` for a subfolder). */
  bootFiles: readonly string[];
  /** The boot partition's config.txt, if it has one. */
  configTxt?: string;
  /** The image, named in errors. */
  image?: string;
}

/** Boot-partition paths to extract and give QEMU. */
export interface BootFiles {
  kernel: string;
  dtb?: string;
  initrd?: string;
}

// config.txt sections that apply to each board (the firmware's model filters).
const FILTERS: Record<BoardName, readonly string[]> = {
  versatilepb: [],
  raspi0: ["pi0"],
  raspi1ap: ["pi1"],
  raspi2b: ["pi2"],
  raspi3ap: ["pi3", "pi3+"],
  raspi3b: ["pi3"],
  raspi4b: ["pi4"],
  virt: [],
};

/** Finds `name` at the top of the partition or under `broadcom/` (Debian's layout), ignoring case. */
function find(files: readonly string[], name: string): string | undefined {
  const wanted = [name.toLowerCase(), `broadcom/${name.toLowerCase()}`];
  for (const w of wanted) {
    const hit = files.find((f) => f.replace(/^\/+/, "").toLowerCase() === w);
    if (hit) return hit;
  }
  return undefined;
}

function firstFound(files: readonly string[], names: readonly string[]): string | undefined {
  for (const n of names) {
    const hit = find(files, n);
    if (hit) return hit;
  }
  return undefined;
}

/**
 * Which kernel, dtb and initramfs of the boot partition boot the board, as the Pi firmware
 * would choose them (config.txt `kernel=`, `device_tree=`, `initramfs`, `auto_initramfs=1`).
 * For virt: kernel8.img (else kernel7.img) with its paired initramfs, and no dtb (QEMU makes one).
 * @returns the files, or a ConfigError naming the image and what to set.
 */
export function pickBootFiles(input: BootFilesInput): BootFiles | ConfigError {
  const profile = boardProfile(input.board);
  const image = input.image ?? "the image";
  const config = parseConfigTxt(input.configTxt ?? "", FILTERS[input.board]);
  if (profile.family === "versatilepb") {
    return new ConfigError(
      "versatilepb needs a kernel built for it; Pi images carry none",
      "set `kernel:` (and `dtb:` for kernels from 4.x on) in rpi.yml",
    );
  }
  const kernelNames =
    profile.family === "virt"
      ? [...profile.arches.aarch64.boot.kernels, ...profile.arches.arm.boot.kernels]
      : [...(config.kernel ? [config.kernel] : []), ...profile.boot.kernels];
  const kernel = firstFound(input.bootFiles, kernelNames);
  if (!kernel) {
    return new ConfigError(
      `the boot partition of ${image} has none of ${kernelNames.join(", ")} for ${input.board}`,
      "set `kernel:` in rpi.yml, or choose the board that matches the image",
    );
  }
  const initrdName =
    config.initramfs ??
    (config.autoInitramfs || profile.family === "virt"
      ? pairedInitramfs(kernel.split("/").pop() ?? kernel)
      : undefined);
  const initrd = initrdName ? find(input.bootFiles, initrdName) : undefined;
  if (profile.family === "virt") return { kernel, ...(initrd ? { initrd } : {}) };

  const dtbNames = [...(config.deviceTree ? [config.deviceTree] : []), ...profile.boot.dtbs];
  const dtb = firstFound(input.bootFiles, dtbNames);
  if (!dtb) {
    return new ConfigError(
      `the boot partition of ${image} has none of ${dtbNames.join(", ")} for ${input.board}`,
      "set `dtb:` in rpi.yml, or choose the board that matches the image",
    );
  }
  return { kernel, dtb, ...(initrd ? { initrd } : {}) };
}
