import { ConfigError } from "../errors.js";
import type { KernelArch } from "./types.js";

/** Bytes of the kernel's start that detectKernelArch() needs. */
export const KERNEL_HEADER_BYTES = 64;

const ARM64_MAGIC = Buffer.from("ARM\x64", "latin1"); // at 0x38 of an arm64 Image
const ZIMAGE_MAGIC = 0x016f2818; // little-endian at 0x24 of an arm zImage

/**
 * The architecture of a kernel from its first bytes: an arm64 `Image` (magic `ARM\x64` at 0x38)
 * or an arm `zImage` (0x016f2818 at 0x24). Undefined when neither.
 * @throws ConfigError for a gzip-compressed Image, which QEMU cannot load as a kernel.
 */
export function detectKernelArch(header: Buffer, file = "the kernel"): KernelArch | undefined {
  if (header.length >= 2 && header[0] === 0x1f && header[1] === 0x8b) {
    throw new ConfigError(
      `${file} is gzip-compressed (an arm64 Image.gz); QEMU boots only the uncompressed Image`,
      `unpack it first: gunzip -c ${file} > Image`,
    );
  }
  if (header.length >= 0x3c && header.subarray(0x38, 0x3c).equals(ARM64_MAGIC)) return "aarch64";
  if (header.length >= 0x28 && header.readUInt32LE(0x24) === ZIMAGE_MAGIC) return "arm";
  return undefined;
}
