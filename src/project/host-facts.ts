import { createSocket } from "node:dgram";
import { createServer } from "node:net";
import { detectKernelArch } from "../boards/index.js";
import type { HostFacts } from "../plan/preflight.js";
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

/** Binds address:port for a moment: in use, or an address this host doesn't have, is a problem. */
function portProblem(
  address: string,
  port: number,
  protocol: "tcp" | "udp",
): Promise<string | undefined> {
  return new Promise((resolve) => {
    const explain = (error: NodeJS.ErrnoException) =>
      resolve(
        error.code === "EADDRINUSE"
          ? "is already in use by another program"
          : error.code === "EADDRNOTAVAIL"
            ? "cannot be bound: this host has no such address"
            : error.code === "EACCES"
              ? "cannot be bound: permission denied (ports below 1024 need root)"
              : `cannot be bound (${error.code ?? error.message})`,
      );
    if (protocol === "udp") {
      const socket = createSocket(address.includes(":") ? "udp6" : "udp4");
      socket.once("error", explain);
      socket.bind({ address, port, exclusive: true }, () => socket.close(() => resolve(undefined)));
      return;
    }
    const server = createServer();
    server.once("error", explain);
    server.listen({ host: address, port, exclusive: true }, () =>
      server.close(() => resolve(undefined)),
    );
  });
}

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
