import { deepStrictEqual, ok } from "node:assert/strict";
import { ConfigError } from "../../../src/errors.js";
import { selectBoard, type BoardChoice } from "../../../src/boards/select-board.js";

const PI_OS_64 = [
  "bootcode.bin",
  "config.txt",
  "cmdline.txt",
  "kernel8.img",
  "kernel7.img",
  "kernel.img",
  "bcm2710-rpi-3-b.dtb",
];

describe("selectBoard", () => {
  const table: [string, BoardChoice, string][] = [
    [
      "an explicit board wins over everything",
      { board: "virt", kernel: "/k", bootFiles: PI_OS_64 },
      "virt",
    ],
    [
      "a kernel without a board means versatilepb (the old tool)",
      { kernel: "/k/kernel-qemu", bootFiles: PI_OS_64 },
      "versatilepb",
    ],
    ["kernel8.img in the boot partition means raspi3b", { bootFiles: PI_OS_64 }, "raspi3b"],
    [
      "kernel7.img (and no kernel8.img) means raspi2b",
      { bootFiles: ["kernel7.img", "kernel.img"] },
      "raspi2b",
    ],
    [
      "kernel.img alone means raspi1ap",
      { bootFiles: ["kernel.img", "bcm2708-rpi-b.dtb"] },
      "raspi1ap",
    ],
    ["file names match regardless of case (FAT)", { bootFiles: ["KERNEL7.IMG"] }, "raspi2b"],
  ];
  for (const [name, choice, board] of table) {
    it(name, () => deepStrictEqual(selectBoard(choice), board));
  }

  it("without any Pi kernel returns a ConfigError naming the image and what to set", () => {
    const result = selectBoard({ bootFiles: ["vmlinuz", "initrd.img"], image: "/imgs/debian.img" });
    ok(result instanceof ConfigError);
    ok(result.message.includes("/imgs/debian.img"), result.message);
    ok(result.hint?.includes("board:") && result.hint.includes("kernel:"), result.hint);
  });
});
