/** The settings of a Pi's config.txt that decide which files boot it. */
export interface ConfigTxtBoot {
  /** `kernel=NAME` */
  kernel?: string;
  /** `device_tree=NAME` */
  deviceTree?: string;
  /** `initramfs NAME [followkernel]` */
  initramfs?: string;
  /** `auto_initramfs=1`: kernelN.img loads initramfsN when present. */
  autoInitramfs: boolean;
}

/**
 * The boot settings of a config.txt that apply to a model. Conditional sections other than
 * `[all]` and the model's own (`[pi3]`, …) are skipped, as the firmware would.
 * @param filters the section names that match the board, lower case, without brackets.
 */
export function parseConfigTxt(text: string, filters: readonly string[]): ConfigTxtBoot {
  const out: ConfigTxtBoot = { autoInitramfs: false };
  let active = true;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*/, "").trim();
    if (!line) continue;
    const section = /^\[(.+)\]$/.exec(line);
    if (section) {
      const name = section[1].trim().toLowerCase();
      active = name === "all" || filters.includes(name);
      continue;
    }
    if (!active) continue;
    const initramfs = /^initramfs\s+(\S+)/.exec(line);
    if (initramfs) {
      out.initramfs = initramfs[1];
      continue;
    }
    const eq = line.indexOf("=");
    if (eq < 0) continue;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (key === "kernel") out.kernel = value;
    else if (key === "device_tree") out.deviceTree = value;
    else if (key === "auto_initramfs") out.autoInitramfs = value === "1";
  }
  return out;
}

/** The initramfs the firmware pairs with a kernel under `auto_initramfs=1`: kernel7.img ↔ initramfs7. */
export function pairedInitramfs(kernel: string): string | undefined {
  const m = /^kernel(.*)\.img$/i.exec(kernel);
  return m ? `initramfs${m[1]}` : undefined;
}
