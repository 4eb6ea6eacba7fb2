import type { BoardProfile } from "./types.js";

export interface CmdlineInput {
  /** The boot partition's cmdline.txt, if any. */
  cmdlineTxt?: string;
  profile: BoardProfile;
  /** The machine's own `cmdline`, appended last. */
  cmdline?: string;
  hostname?: string;
}

// Pi OS first-boot scripts resize the root partition and then reboot; rpi grows the disk itself,
// and with -no-reboot a guest reboot ends QEMU, so the machine would die on its first boot.
const FIRST_BOOT_INITS = new Set([
  "/usr/lib/raspberrypi-sys-mods/firstboot",
  "/usr/lib/raspi-config/init_resize.sh",
]);

function key(token: string): string {
  const eq = token.indexOf("=");
  return eq < 0 ? token : token.slice(0, eq);
}

/** Tokens of cmdline.txt that rpi replaces or that break a QEMU boot. */
function dropped(token: string): boolean {
  const k = key(token);
  if (["root", "console", "earlycon", "panic", "systemd.hostname"].includes(k)) return true;
  return k === "init" && FIRST_BOOT_INITS.has(token.slice(5));
}

/**
 * The kernel command line (DESIGN §3): `root=` for the board's disk (unless the machine's own
 * `cmdline` sets one), `panic=1` (a panic ends QEMU instead of hanging), the board's console
 * (and earlycon where it has one),
 * the rest of cmdline.txt (minus its consoles and Pi OS's resize-and-reboot `init=`),
 * `systemd.hostname=`, then the machine's `cmdline`.
 */
export function kernelCmdline(input: CmdlineInput): string {
  const own = (input.cmdline ?? "").split(/\s+/).filter(Boolean);
  const fromImage = (input.cmdlineTxt ?? "")
    .split(/\s+/)
    .filter(Boolean)
    .filter((t) => !dropped(t));
  const userSetsRoot = own.some((t) => key(t) === "root");
  return [
    ...(userSetsRoot ? [] : [`root=${input.profile.disk.rootDevice}`]),
    "panic=1",
    `console=${input.profile.console.kernel}`,
    ...(input.profile.console.early ? [`earlycon=${input.profile.console.early}`] : []),
    ...fromImage,
    ...(input.hostname ? [`systemd.hostname=${input.hostname}`] : []),
    ...own,
  ].join(" ");
}
