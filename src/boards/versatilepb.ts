import type { VersatilepbProfile } from "./types.js";

/** The old tool's board (DESIGN §9): kernel and optional dtb from the user, the image on SCSI. */
export const VERSATILEPB = {
  family: "versatilepb",
  board: "versatilepb",
  qemu: "qemu-system-arm",
  machine: "versatilepb",
  cpu: "arm1176",
  disk: { interface: "scsi", rootDevice: "/dev/sda2", sizePowerOfTwo: false },
  // The on-board SMC 91C111 is the only NIC the board has without PCI cards.
  network: { kind: "onboard", model: "smc91c111" },
  console: { kernel: "ttyAMA0", serials: ["stdio"] },
  // `-audio none` needs a model on QEMU 7.2 and the machine's `audiodev` property only
  // exists from 8.2; pointing the PL041 at a silent backend works on both.
  audio: ["-audiodev", "none,id=snd0", "-global", "pl041.audiodev=snd0"],
} as const satisfies VersatilepbProfile;
