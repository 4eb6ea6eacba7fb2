import { deepStrictEqual, ok } from "node:assert/strict";
import { ConfigError } from "../../../src/errors.js";
import { pickBootFiles } from "../../../src/boards/boot-files.js";
import { parseConfigTxt, pairedInitramfs } from "../../../src/boards/config-txt.js";

const TEST_IMAGE = [
  "kernel7.img",
  "kernel8.img",
  "initramfs7",
  "initramfs8",
  "bcm2836-rpi-2-b.dtb",
  "bcm2837-rpi-3-b.dtb",
  "cmdline.txt",
  "config.txt",
];
const AUTO = "[all]\nauto_initramfs=1\n";

describe("pickBootFiles", () => {
  it("raspi2b: kernel7.img, its dtb, and initramfs7 under auto_initramfs=1", () => {
    deepStrictEqual(pickBootFiles({ board: "raspi2b", bootFiles: TEST_IMAGE, configTxt: AUTO }), {
      kernel: "kernel7.img",
      dtb: "bcm2836-rpi-2-b.dtb",
      initrd: "initramfs7",
    });
  });

  it("raspi3b: prefers Pi OS's bcm2710 dtb and finds Debian's under broadcom/", () => {
    deepStrictEqual(
      pickBootFiles({
        board: "raspi3b",
        bootFiles: ["kernel8.img", "bcm2837-rpi-3-b.dtb", "bcm2710-rpi-3-b.dtb"],
      }),
      { kernel: "kernel8.img", dtb: "bcm2710-rpi-3-b.dtb" },
    );
    deepStrictEqual(
      pickBootFiles({
        board: "raspi3b",
        bootFiles: ["kernel8.img", "broadcom/bcm2837-rpi-3-b.dtb"],
      }),
      {
        kernel: "kernel8.img",
        dtb: "broadcom/bcm2837-rpi-3-b.dtb",
      },
    );
  });

  it("no initramfs without config.txt asking for one on a Pi board (as the firmware)", () => {
    deepStrictEqual(pickBootFiles({ board: "raspi3b", bootFiles: TEST_IMAGE }), {
      kernel: "kernel8.img",
      dtb: "bcm2837-rpi-3-b.dtb",
    });
  });

  it("honours config.txt's kernel=, device_tree= and initramfs in matching sections only", () => {
    const configTxt =
      "[pi4]\nkernel=kernel8.img\n[pi3]\nkernel=custom.img\ndevice_tree=my.dtb\ninitramfs my.cpio followkernel\n[all]\n";
    deepStrictEqual(
      pickBootFiles({
        board: "raspi3b",
        bootFiles: ["kernel8.img", "custom.img", "my.dtb", "my.cpio"],
        configTxt,
      }),
      {
        kernel: "custom.img",
        dtb: "my.dtb",
        initrd: "my.cpio",
      },
    );
  });

  it("virt prefers kernel8.img with initramfs8, and needs no dtb", () => {
    deepStrictEqual(pickBootFiles({ board: "virt", bootFiles: TEST_IMAGE }), {
      kernel: "kernel8.img",
      initrd: "initramfs8",
    });
    deepStrictEqual(pickBootFiles({ board: "virt", bootFiles: ["kernel7.img", "initramfs7"] }), {
      kernel: "kernel7.img",
      initrd: "initramfs7",
    });
  });

  it("names the image and the missing files when the board's kernel is absent", () => {
    const r = pickBootFiles({ board: "raspi1ap", bootFiles: TEST_IMAGE, image: "/i/pi.img" });
    ok(
      r instanceof ConfigError &&
        r.message.includes("/i/pi.img") &&
        r.message.includes("kernel.img"),
      String(r),
    );
  });

  it("names the missing dtb", () => {
    const r = pickBootFiles({ board: "raspi4b", bootFiles: ["kernel8.img"] });
    ok(r instanceof ConfigError && r.message.includes("bcm2711-rpi-4-b.dtb"), String(r));
  });

  it("versatilepb asks for a user kernel", () => {
    const r = pickBootFiles({ board: "versatilepb", bootFiles: TEST_IMAGE });
    ok(r instanceof ConfigError && r.hint?.includes("kernel:"), String(r));
  });
});

describe("config.txt", () => {
  it("pairs kernelN.img with initramfsN as auto_initramfs does", () => {
    deepStrictEqual(
      ["kernel.img", "kernel7.img", "kernel7l.img", "kernel8.img", "vmlinuz"].map(pairedInitramfs),
      ["initramfs", "initramfs7", "initramfs7l", "initramfs8", undefined],
    );
  });

  it("ignores comments and other models' sections", () => {
    deepStrictEqual(
      parseConfigTxt("# kernel=x.img\n[pi4]\nauto_initramfs=1\n[all]\ndevice_tree=a.dtb # why\n", [
        "pi3",
      ]),
      {
        autoInitramfs: false,
        deviceTree: "a.dtb",
      },
    );
  });
});
