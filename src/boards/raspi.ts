import type { RaspiProfile } from "./types.js";

type RaspiName = "raspi0" | "raspi1ap" | "raspi2b" | "raspi3ap" | "raspi3b" | "raspi4b";

const SD = { interface: "sd", rootDevice: "/dev/mmcblk0p2", sizePowerOfTwo: true } as const;
const PL011 = { kernel: "ttyAMA0", serials: ["stdio"] } as const;
// On the 3 the PL011 drives Bluetooth; the console is the mini UART, QEMU's second serial (FACTS).
const MINI_UART = { kernel: "ttyS1,115200", serials: ["null", "stdio"] } as const;
const NO_USB_NET = {
  kind: "none",
  why: "the real board has no Ethernet and QEMU's model has no network device",
} as const;

/** The Raspberry Pi models QEMU emulates; kernel and dtb come from the image's boot partition. */
export const RASPI = {
  raspi0: {
    family: "raspi",
    board: "raspi0",
    qemu: "qemu-system-arm",
    machine: "raspi0",
    cpu: "arm1176",
    cpus: 1,
    disk: SD,
    network: NO_USB_NET,
    console: PL011,
    boot: { kernels: ["kernel.img"], dtbs: ["bcm2708-rpi-zero.dtb", "bcm2835-rpi-zero.dtb"] },
  },
  raspi1ap: {
    family: "raspi",
    board: "raspi1ap",
    qemu: "qemu-system-arm",
    machine: "raspi1ap",
    cpu: "arm1176",
    cpus: 1,
    disk: SD,
    network: NO_USB_NET,
    console: PL011,
    boot: { kernels: ["kernel.img"], dtbs: ["bcm2708-rpi-a-plus.dtb", "bcm2835-rpi-a-plus.dtb"] },
  },
  raspi2b: {
    family: "raspi",
    board: "raspi2b",
    qemu: "qemu-system-arm",
    machine: "raspi2b",
    cpu: "cortex-a7",
    cpus: 4,
    // FACTS: thread=single never booted; multi reached SSH in 42–50 s.
    thread: "multi",
    disk: SD,
    network: { kind: "usb-net" },
    console: PL011,
    boot: { kernels: ["kernel7.img"], dtbs: ["bcm2709-rpi-2-b.dtb", "bcm2836-rpi-2-b.dtb"] },
  },
  raspi3ap: {
    family: "raspi",
    board: "raspi3ap",
    qemu: "qemu-system-aarch64",
    machine: "raspi3ap",
    cpu: "cortex-a53",
    cpus: 4,
    // Same SoC as the 3B, where single-threaded TCG was the fastest (FACTS).
    thread: "single",
    disk: SD,
    network: NO_USB_NET,
    console: MINI_UART,
    boot: {
      kernels: ["kernel8.img"],
      dtbs: ["bcm2710-rpi-3-a-plus.dtb", "bcm2837-rpi-3-a-plus.dtb"],
    },
  },
  raspi3b: {
    family: "raspi",
    board: "raspi3b",
    qemu: "qemu-system-aarch64",
    machine: "raspi3b",
    cpu: "cortex-a53",
    cpus: 4,
    // FACTS: with usb-net, single 11.8–13.3 s vs multi 17.8–39.2 s.
    thread: "single",
    disk: SD,
    network: { kind: "usb-net" },
    console: MINI_UART,
    boot: { kernels: ["kernel8.img"], dtbs: ["bcm2710-rpi-3-b.dtb", "bcm2837-rpi-3-b.dtb"] },
  },
  raspi4b: {
    family: "raspi",
    board: "raspi4b",
    qemu: "qemu-system-aarch64",
    machine: "raspi4b",
    cpu: "cortex-a72",
    cpus: 4,
    thread: "multi",
    // The Pi 4's SD slot is on EMMC2, which Pi OS's device tree names mmcblk1.
    disk: { ...SD, rootDevice: "/dev/mmcblk1p2" },
    network: {
      kind: "none",
      why: "QEMU's raspi4b disables the GENET Ethernet and has no PCIe for USB",
    },
    // QEMU's own raspi4b test boots Pi OS's kernel with its console on the PL011, QEMU's first
    // serial. Debian's 6.1 kernel dies (bcm2711 l2-intc, unmodelled) before ttyAMA0 starts, so
    // only earlycon shows why.
    console: { kernel: "ttyAMA0,115200", early: "pl011,mmio32,0xfe201000", serials: ["stdio"] },
    boot: { kernels: ["kernel8.img"], dtbs: ["bcm2711-rpi-4-b.dtb"] },
  },
} as const satisfies Record<RaspiName, RaspiProfile>;
