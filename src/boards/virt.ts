import type { VirtProfile } from "./types.js";

/** QEMU's generic board: a generic kernel (the machine's, else the boot partition's), virtio disk and NIC. */
export const VIRT = {
  family: "virt",
  board: "virt",
  machine: "virt",
  disk: { interface: "virtio-blk", rootDevice: "/dev/vda2", sizePowerOfTwo: false },
  network: { kind: "virtio-net-device" },
  console: { kernel: "ttyAMA0", serials: ["stdio"] },
  arches: {
    // FACTS: cortex-a53 ×1 boots in 5–6 s; `-cpu max` is 4–5× slower.
    aarch64: {
      qemu: "qemu-system-aarch64",
      cpu: "cortex-a53",
      defaultCpus: 1,
      thread: "multi",
      boot: { kernels: ["kernel8.img"], initramfs: ["initramfs8"] },
    },
    // FACTS: one cortex-a15 boots in 11–14 s; two with thread=single never did.
    arm: {
      qemu: "qemu-system-arm",
      cpu: "cortex-a15",
      defaultCpus: 1,
      thread: "multi",
      boot: { kernels: ["kernel7.img"], initramfs: ["initramfs7"] },
    },
  },
} as const satisfies VirtProfile;
