/** Boards: profiles as data and the pure functions that turn a machine into a QEMU boot. */
export { boardHasNetwork, boardMemory, boardProfile } from "./profiles.js";
export { pickBootFiles, type BootFiles, type BootFilesInput } from "./boot-files.js";
export { parseConfigTxt, pairedInitramfs, type ConfigTxtBoot } from "./config-txt.js";
export { detectKernelArch, KERNEL_HEADER_BYTES } from "./kernel-arch.js";
export { kernelCmdline, type CmdlineInput } from "./kernel-cmdline.js";
export { machineMac } from "./mac.js";
export { qemuArgs } from "./qemu-args.js";
export { selectBoard, type BoardChoice } from "./select-board.js";
export type * from "./types.js";
