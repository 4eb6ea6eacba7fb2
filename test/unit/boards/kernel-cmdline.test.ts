import { deepStrictEqual } from "node:assert/strict";
import type { BoardName } from "../../../src/config/types.js";
import { boardProfile } from "../../../src/boards/profiles.js";
import { kernelCmdline } from "../../../src/boards/kernel-cmdline.js";

const PI_OS =
  "console=serial0,115200 console=tty1 root=PARTUUID=6c586e13-02 rootfstype=ext4 fsck.repair=yes rootwait quiet init=/usr/lib/raspberrypi-sys-mods/firstboot\n";
const TEST_IMAGE = "console=serial0,115200 root=PARTUUID=1234abcd-02 rootfstype=ext4 rootwait";

describe("kernelCmdline", () => {
  it("versatilepb without cmdline.txt is the old tool's line", () => {
    deepStrictEqual(
      kernelCmdline({ profile: boardProfile("versatilepb") }),
      "root=/dev/sda2 panic=1 console=ttyAMA0",
    );
  });

  const golden: [BoardName, string][] = [
    [
      "versatilepb",
      "root=/dev/sda2 panic=1 console=ttyAMA0 rootfstype=ext4 rootwait systemd.hostname=web",
    ],
    [
      "raspi0",
      "root=/dev/mmcblk0p2 panic=1 console=ttyAMA0 rootfstype=ext4 rootwait systemd.hostname=web",
    ],
    [
      "raspi1ap",
      "root=/dev/mmcblk0p2 panic=1 console=ttyAMA0 rootfstype=ext4 rootwait systemd.hostname=web",
    ],
    [
      "raspi2b",
      "root=/dev/mmcblk0p2 panic=1 console=ttyAMA0 rootfstype=ext4 rootwait systemd.hostname=web",
    ],
    [
      "raspi3ap",
      "root=/dev/mmcblk0p2 panic=1 console=ttyS1,115200 rootfstype=ext4 rootwait systemd.hostname=web",
    ],
    [
      "raspi3b",
      "root=/dev/mmcblk0p2 panic=1 console=ttyS1,115200 rootfstype=ext4 rootwait systemd.hostname=web",
    ],
    [
      "raspi4b",
      "root=/dev/mmcblk1p2 panic=1 console=ttyAMA0,115200 earlycon=pl011,mmio32,0xfe201000 rootfstype=ext4 rootwait systemd.hostname=web",
    ],
    [
      "virt",
      "root=/dev/vda2 panic=1 console=ttyAMA0 rootfstype=ext4 rootwait systemd.hostname=web",
    ],
  ];
  for (const [board, expected] of golden) {
    it(`${board}: root= for its disk, its console, the test image's other tokens, the hostname`, () => {
      deepStrictEqual(
        kernelCmdline({ profile: boardProfile(board), cmdlineTxt: TEST_IMAGE, hostname: "web" }),
        expected,
      );
    });
  }

  it("drops Pi OS's resize-and-reboot first-boot init and every console, keeps the rest in order", () => {
    deepStrictEqual(
      kernelCmdline({ profile: boardProfile("raspi3b"), cmdlineTxt: PI_OS, hostname: "sensor-1" }),
      "root=/dev/mmcblk0p2 panic=1 console=ttyS1,115200 rootfstype=ext4 fsck.repair=yes rootwait quiet systemd.hostname=sensor-1",
    );
  });

  it("keeps a user's root= instead of the board's, and appends the machine's cmdline last", () => {
    deepStrictEqual(
      kernelCmdline({
        profile: boardProfile("virt"),
        cmdlineTxt: TEST_IMAGE,
        cmdline: "root=/dev/vdb1 loglevel=7",
      }),
      "panic=1 console=ttyAMA0 rootfstype=ext4 rootwait root=/dev/vdb1 loglevel=7",
    );
  });

  it("replaces cmdline.txt's own panic= and systemd.hostname= instead of repeating them", () => {
    deepStrictEqual(
      kernelCmdline({
        profile: boardProfile("virt"),
        cmdlineTxt: "panic=10 systemd.hostname=old rw",
        hostname: "new",
      }),
      "root=/dev/vda2 panic=1 console=ttyAMA0 rw systemd.hostname=new",
    );
  });

  it("keeps an init= that is not a first-boot resize script", () => {
    deepStrictEqual(
      kernelCmdline({ profile: boardProfile("virt"), cmdlineTxt: "init=/bin/sh" }),
      "root=/dev/vda2 panic=1 console=ttyAMA0 init=/bin/sh",
    );
  });
});
