import { ConfigError } from "../errors.js";
import type { BootNetwork, BoardProfile, PortForward } from "./types.js";

function hostfwd(f: PortForward): string {
  // An empty address listens on every address of the container: Docker publishes to the
  // container's own address, not its loopback (FACTS).
  return `hostfwd=${f.protocol}:${f.address ?? ""}:${f.containerPort}-:${f.guestPort}`;
}

/** One `-nic`/`-netdev` value: the backend type, then `ids` (id or model+mac), then the mode's options. */
function backend(net: Exclude<BootNetwork, { mode: "none" }>, ids: readonly string[]): string {
  if (net.mode === "bridge") {
    return ["tap", ...ids, `ifname=${net.tap}`, "script=no", "downscript=no"].join(",");
  }
  return [
    "user",
    ...ids,
    ...(net.restrict ? ["restrict=on"] : []),
    ...net.forwards.map(hostfwd),
  ].join(",");
}

/**
 * The network arguments: the mode's backend joined to the board's NIC with the machine's MAC,
 * or `-nic none` (so no board grows QEMU's default NIC).
 * @throws ConfigError when the board has no NIC in QEMU but the machine needs a network.
 */
export function networkArgs(profile: BoardProfile, net: BootNetwork, mac: string): string[] {
  if (net.mode === "none") return ["-nic", "none"];
  const nic = profile.network;
  switch (nic.kind) {
    case "none":
      throw new ConfigError(
        `${profile.board} has no network device in QEMU (${nic.why}), so network mode ${net.mode} cannot reach the guest`,
        "use board virt, raspi3b or raspi2b, or a console healthcheck with ssh disabled and no ports",
      );
    case "onboard":
      // An on-board NIC is only reachable through -nic/-net, never -device.
      return ["-nic", backend(net, [`model=${nic.model}`, `mac=${mac}`])];
    case "usb-net":
    case "virtio-net-device":
      return [
        "-netdev",
        backend(net, ["id=net0"]),
        "-device",
        `${nic.kind},netdev=net0,mac=${mac}`,
      ];
  }
}
