import { detectKernelArch } from "../boards/index.js";
import type { HostFacts } from "../plan/preflight.js";
import { portProblem } from "../util/port-problem.js";
import { readHead } from "../util/read-head.js";

/** Enough of a kernel for its arm/arm64 magic and an x86 bzImage's "HdrS" at 0x202. */
const HEADER_BYTES = 0x240;

/** The host's answers for preflight(): ports are tried by binding them, kernels by their header. */
export const hostFacts: HostFacts = {
  portProblem,
  async kernel(path) {
    const header = await readHead(path, HEADER_BYTES);
    const arch = detectKernelArch(header, path);
    return arch ? { arch } : { looksLike: describeFile(header) };
  },
};

const ELF_MACHINES: Record<number, string> = {
  0x03: "x86",
  0x3e: "x86-64",
  0x28: "arm",
  0xb7: "arm64",
};

/** Pure: what a file that is not an ARM kernel image looks like, for the error message. */
export function describeFile(header: Buffer): string {
  if (header.length === 0) return "the file is empty";
  if (header.subarray(0, 4).equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]))) {
    const machine = header.length >= 0x14 ? header.readUInt16LE(0x12) : -1;
    return `an ELF file for ${ELF_MACHINES[machine] ?? `machine ${machine}`}, such as a vmlinux: QEMU boots the Image or zImage`;
  }
  if (header.length >= 0x206 && header.subarray(0x202, 0x206).toString("latin1") === "HdrS") {
    return "an x86 kernel (bzImage)";
  }
  return "neither an arm64 Image nor an arm zImage";
}
