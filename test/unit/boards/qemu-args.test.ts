import { deepStrictEqual, throws } from "node:assert/strict";
import type { BoardName } from "../../../src/config/types.js";
import { ConfigError } from "../../../src/errors.js";
import { qemuArgs } from "../../../src/boards/qemu-args.js";
import type { BootSpec } from "../../../src/boards/types.js";

const MAC = "02:6a:1b:2c:3d:4e";
const MONITOR = ["-monitor", "unix:/run/rpi/monitor.sock,server=on,wait=off"];

const common = {
  kernel: "/cache/kernel",
  disk: { path: "/m/disk.qcow2", format: "qcow2" },
  cmdline: "CMDLINE",
  network: {
    mode: "user",
    forwards: [{ protocol: "tcp", containerPort: 22, guestPort: 22 }],
    restrict: false,
  },
  mac: MAC,
  display: "none",
  monitor: "/run/rpi/monitor.sock",
  extra: [],
} as const;

function spec(
  board: Exclude<BoardName, "virt">,
  memoryMiB: number,
  more: Partial<BootSpec> = {},
): BootSpec {
  return { ...common, board, memoryMiB, ...more } as BootSpec;
}

const USER_NET = "user,id=net0,hostfwd=tcp::22-:22";
const SD = ["-drive", "if=sd,format=qcow2,file=/m/disk.qcow2"];

describe("qemuArgs: golden command line per board", () => {
  it("versatilepb keeps the old tool's line: arm1176, SCSI drive, smc91c111 NIC, silent audio", () => {
    const argv = qemuArgs({
      ...spec("versatilepb", 256, { dtb: "/k/versatile-pb.dtb" }),
      kernel: "/k/kernel-qemu-4.4.34-jessie",
      disk: { path: "/m/disk.img", format: "raw" },
      cmdline: "root=/dev/sda2 panic=1 console=ttyAMA0",
    });
    deepStrictEqual(argv, [
      "qemu-system-arm",
      ...["-M", "versatilepb", "-cpu", "arm1176", "-m", "256"],
      ...["-kernel", "/k/kernel-qemu-4.4.34-jessie", "-dtb", "/k/versatile-pb.dtb", "-no-reboot"],
      ...["-append", "root=/dev/sda2 panic=1 console=ttyAMA0"],
      ...["-drive", "format=raw,file=/m/disk.img"],
      ...["-nic", `user,model=smc91c111,mac=${MAC},hostfwd=tcp::22-:22`],
      ...["-serial", "stdio", "-display", "none", ...MONITOR],
      ...["-audiodev", "none,id=snd0", "-global", "pl041.audiodev=snd0"],
    ]);
  });

  it("raspi2b: SD card, usb-net, PL011 console, multi-threaded TCG", () => {
    deepStrictEqual(qemuArgs(spec("raspi2b", 1024, { dtb: "/cache/bcm2709-rpi-2-b.dtb" })), [
      "qemu-system-arm",
      ...["-M", "raspi2b", "-m", "1024", "-accel", "tcg,thread=multi"],
      ...[
        "-kernel",
        "/cache/kernel",
        "-dtb",
        "/cache/bcm2709-rpi-2-b.dtb",
        "-no-reboot",
        "-append",
        "CMDLINE",
      ],
      ...SD,
      ...["-netdev", USER_NET, "-device", `usb-net,netdev=net0,mac=${MAC}`],
      ...["-serial", "stdio", "-display", "none", ...MONITOR],
    ]);
  });

  it("raspi3b: aarch64, single-threaded TCG, usb-net, console on the second serial (mini UART)", () => {
    deepStrictEqual(
      qemuArgs(
        spec("raspi3b", 1024, { dtb: "/cache/bcm2710-rpi-3-b.dtb", initrd: "/cache/initramfs8" }),
      ),
      [
        "qemu-system-aarch64",
        ...["-M", "raspi3b", "-m", "1024", "-accel", "tcg,thread=single"],
        ...[
          "-kernel",
          "/cache/kernel",
          "-dtb",
          "/cache/bcm2710-rpi-3-b.dtb",
          "-initrd",
          "/cache/initramfs8",
        ],
        ...["-no-reboot", "-append", "CMDLINE"],
        ...SD,
        ...["-netdev", USER_NET, "-device", `usb-net,netdev=net0,mac=${MAC}`],
        ...["-serial", "null", "-serial", "stdio", "-display", "none", ...MONITOR],
      ],
    );
  });

  it("raspi3ap: no NIC in QEMU, so no network arguments beyond -nic none", () => {
    deepStrictEqual(
      qemuArgs(spec("raspi3ap", 512, { dtb: "/cache/d.dtb", network: { mode: "none" } })),
      [
        "qemu-system-aarch64",
        ...["-M", "raspi3ap", "-m", "512", "-accel", "tcg,thread=single"],
        ...["-kernel", "/cache/kernel", "-dtb", "/cache/d.dtb", "-no-reboot", "-append", "CMDLINE"],
        ...SD,
        ...["-nic", "none"],
        ...["-serial", "null", "-serial", "stdio", "-display", "none", ...MONITOR],
      ],
    );
  });

  for (const [board, memory] of [
    ["raspi0", 512],
    ["raspi1ap", 512],
  ] as const) {
    it(`${board}: arm1176 single core, no -accel, no NIC, PL011 console`, () => {
      deepStrictEqual(
        qemuArgs(spec(board, memory, { dtb: "/cache/d.dtb", network: { mode: "none" } })),
        [
          "qemu-system-arm",
          ...["-M", board, "-m", String(memory)],
          ...[
            "-kernel",
            "/cache/kernel",
            "-dtb",
            "/cache/d.dtb",
            "-no-reboot",
            "-append",
            "CMDLINE",
          ],
          ...SD,
          ...["-nic", "none"],
          ...["-serial", "stdio", "-display", "none", ...MONITOR],
        ],
      );
    });
  }

  it("raspi4b: aarch64, 2 GiB, no NIC in QEMU, PL011 console as in QEMU's own raspi4b test", () => {
    deepStrictEqual(
      qemuArgs(
        spec("raspi4b", 2048, { dtb: "/cache/bcm2711-rpi-4-b.dtb", network: { mode: "none" } }),
      ),
      [
        "qemu-system-aarch64",
        ...["-M", "raspi4b", "-m", "2048", "-accel", "tcg,thread=multi"],
        ...[
          "-kernel",
          "/cache/kernel",
          "-dtb",
          "/cache/bcm2711-rpi-4-b.dtb",
          "-no-reboot",
          "-append",
          "CMDLINE",
        ],
        ...SD,
        ...["-nic", "none"],
        ...["-serial", "stdio", "-display", "none", ...MONITOR],
      ],
    );
  });

  it("virt aarch64: cortex-a53 ×1, multi-threaded TCG, virtio-blk and virtio-net", () => {
    deepStrictEqual(
      qemuArgs({
        ...common,
        board: "virt",
        arch: "aarch64",
        memoryMiB: 1024,
        initrd: "/cache/initramfs8",
      }),
      [
        "qemu-system-aarch64",
        ...[
          "-M",
          "virt",
          "-cpu",
          "cortex-a53",
          "-smp",
          "1",
          "-m",
          "1024",
          "-accel",
          "tcg,thread=multi",
        ],
        ...[
          "-kernel",
          "/cache/kernel",
          "-initrd",
          "/cache/initramfs8",
          "-no-reboot",
          "-append",
          "CMDLINE",
        ],
        ...[
          "-drive",
          "if=none,format=qcow2,file=/m/disk.qcow2,id=hd0",
          "-device",
          "virtio-blk-device,drive=hd0",
        ],
        ...["-netdev", USER_NET, "-device", `virtio-net-device,netdev=net0,mac=${MAC}`],
        ...["-serial", "stdio", "-display", "none", ...MONITOR],
      ],
    );
  });

  it("virt arm: qemu-system-arm with cortex-a15, the machine's cpus honoured", () => {
    deepStrictEqual(qemuArgs({ ...common, board: "virt", arch: "arm", memoryMiB: 512, cpus: 2 }), [
      "qemu-system-arm",
      ...[
        "-M",
        "virt",
        "-cpu",
        "cortex-a15",
        "-smp",
        "2",
        "-m",
        "512",
        "-accel",
        "tcg,thread=multi",
      ],
      ...["-kernel", "/cache/kernel", "-no-reboot", "-append", "CMDLINE"],
      ...[
        "-drive",
        "if=none,format=qcow2,file=/m/disk.qcow2,id=hd0",
        "-device",
        "virtio-blk-device,drive=hd0",
      ],
      ...["-netdev", USER_NET, "-device", `virtio-net-device,netdev=net0,mac=${MAC}`],
      ...["-serial", "stdio", "-display", "none", ...MONITOR],
    ]);
  });
});

describe("qemuArgs: network, display and extras", () => {
  const virt = { ...common, board: "virt", arch: "aarch64", memoryMiB: 1024 } as const;

  it("forwards every port on all container addresses and restricts the guest when asked", () => {
    const argv = qemuArgs({
      ...virt,
      network: {
        mode: "user",
        restrict: true,
        forwards: [
          { protocol: "tcp", containerPort: 22, guestPort: 22 },
          { protocol: "tcp", containerPort: 8080, guestPort: 80 },
          { protocol: "udp", containerPort: 5353, guestPort: 53 },
        ],
      },
    });
    deepStrictEqual(
      argv[argv.indexOf("-netdev") + 1],
      "user,id=net0,restrict=on,hostfwd=tcp::22-:22,hostfwd=tcp::8080-:80,hostfwd=udp::5353-:53",
    );
  });

  it("binds a forward to the address it names (the local runtime's 127.0.0.1)", () => {
    const argv = qemuArgs({
      ...virt,
      network: {
        mode: "user",
        restrict: false,
        forwards: [{ protocol: "tcp", address: "127.0.0.1", containerPort: 2222, guestPort: 22 }],
      },
    });
    deepStrictEqual(
      argv[argv.indexOf("-netdev") + 1],
      "user,id=net0,hostfwd=tcp:127.0.0.1:2222-:22",
    );
  });

  it("bridge mode joins the guest's NIC to the tap device without QEMU's ifup scripts", () => {
    const argv = qemuArgs({ ...virt, network: { mode: "bridge", tap: "tap0" } });
    deepStrictEqual(argv.slice(argv.indexOf("-netdev"), argv.indexOf("-netdev") + 4), [
      "-netdev",
      "tap,id=net0,ifname=tap0,script=no,downscript=no",
      "-device",
      `virtio-net-device,netdev=net0,mac=${MAC}`,
    ]);
  });

  it("bridge mode on versatilepb goes through the on-board NIC", () => {
    const argv = qemuArgs({
      ...spec("versatilepb", 256),
      network: { mode: "bridge", tap: "tap0" },
    });
    deepStrictEqual(
      argv[argv.indexOf("-nic") + 1],
      `tap,model=smc91c111,mac=${MAC},ifname=tap0,script=no,downscript=no`,
    );
  });

  it("refuses a network on a board QEMU gives no NIC, naming the board", () => {
    throws(
      () => qemuArgs(spec("raspi4b", 2048)),
      (e: unknown) => e instanceof ConfigError && /raspi4b has no network device/.test(e.message),
    );
  });

  it("graphics replace -display none, the console stays on stdio, VNC listens on :0 (5900)", () => {
    const argv = qemuArgs({ ...virt, graphics: "  -nographic ", display: "vnc" });
    deepStrictEqual(argv.slice(argv.indexOf("-serial")), [
      "-serial",
      "stdio",
      "-nographic",
      "-vnc",
      ":0",
      ...MONITOR,
    ]);
  });

  it("without a monitor socket QEMU gets no monitor at all", () => {
    const argv = qemuArgs({ ...virt, monitor: undefined });
    deepStrictEqual(argv.slice(-2), ["-monitor", "none"]);
  });

  it("doubles commas in paths inside option values and appends the machine's extra arguments last", () => {
    const argv = qemuArgs({
      ...virt,
      disk: { path: "/a,b/disk.img", format: "raw" },
      extra: ["-rtc", "base=utc"],
    });
    deepStrictEqual(
      argv[argv.indexOf("-drive") + 1],
      "if=none,format=raw,file=/a,,b/disk.img,id=hd0",
    );
    deepStrictEqual(argv.slice(-2), ["-rtc", "base=utc"]);
  });
});
