import { InternalError } from "../errors.js";
import { boardProfile } from "./profiles.js";
import { networkArgs } from "./qemu-net.js";
import type { BootSpec, BoardProfile, Console, QemuBinary, TcgThread } from "./types.js";

/** QEMU option values treat `,` as a separator; a literal comma is written twice. */
function escapeOpt(value: string): string {
  return value.replaceAll(",", ",,");
}

interface Cpu {
  qemu: QemuBinary;
  /** Undefined: the machine fixes the CPU. */
  cpu?: string;
  smp?: number;
  thread?: TcgThread;
}

function cpuOf(profile: BoardProfile, spec: BootSpec): Cpu {
  switch (profile.family) {
    case "versatilepb":
      return { qemu: profile.qemu, cpu: profile.cpu };
    case "raspi":
      // The SoC model fixes CPU type and count; passing -cpu/-smp only risks a refusal.
      return { qemu: profile.qemu, thread: profile.thread };
    case "virt": {
      if (spec.board !== "virt") throw new InternalError("virt profile for a non-virt spec");
      const arch = profile.arches[spec.arch];
      return {
        qemu: arch.qemu,
        cpu: arch.cpu,
        smp: spec.cpus ?? arch.defaultCpus,
        thread: arch.thread,
      };
    }
  }
}

function diskArgs(profile: BoardProfile, disk: BootSpec["disk"]): string[] {
  const file = `format=${disk.format},file=${escapeOpt(disk.path)}`;
  switch (profile.disk.interface) {
    case "scsi":
      // versatilepb's default drive interface is SCSI: the old tool's exact `-drive`.
      return ["-drive", file];
    case "sd":
      return ["-drive", `if=sd,${file}`];
    case "virtio-blk":
      return ["-drive", `if=none,${file},id=hd0`, "-device", "virtio-blk-device,drive=hd0"];
  }
}

/** Console on stdio (the container's log) whatever the display; graphics replace only `-display none`. */
function displayArgs(spec: BootSpec, console: Console): string[] {
  const graphics = (spec.graphics ?? "").split(/\s+/).filter(Boolean);
  return [
    ...console.serials.flatMap((s) => ["-serial", s]),
    ...(graphics.length > 0 ? graphics : ["-display", "none"]),
    ...(spec.display === "vnc" ? ["-vnc", ":0"] : []),
    "-monitor",
    spec.monitor ? `unix:${escapeOpt(spec.monitor)},server=on,wait=off` : "none",
  ];
}

/**
 * The QEMU command line for one machine (argv[0] is the QEMU binary). Pure: every choice comes
 * from the board's profile and the spec. `-no-reboot` everywhere, so a guest reboot or poweroff
 * ends QEMU (and the container).
 * @throws ConfigError when the board has no NIC but the spec asks for a network.
 */
export function qemuArgs(spec: BootSpec): string[] {
  const profile = boardProfile(spec.board);
  const cpu = cpuOf(profile, spec);
  return [
    cpu.qemu,
    "-M",
    profile.machine,
    ...(cpu.cpu ? ["-cpu", cpu.cpu] : []),
    ...(cpu.smp ? ["-smp", String(cpu.smp)] : []),
    "-m",
    String(spec.memoryMiB),
    ...(cpu.thread ? ["-accel", `tcg,thread=${cpu.thread}`] : []),
    "-kernel",
    spec.kernel,
    ...(spec.dtb ? ["-dtb", spec.dtb] : []),
    ...(spec.initrd ? ["-initrd", spec.initrd] : []),
    "-no-reboot",
    "-append",
    spec.cmdline,
    ...diskArgs(profile, spec.disk),
    ...networkArgs(profile, spec.network, spec.mac),
    ...displayArgs(spec, profile.console),
    ...(profile.family === "versatilepb" ? profile.audio : []),
    ...spec.extra,
  ];
}
