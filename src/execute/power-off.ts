import { execa } from "execa";
import type { ObservedMachine } from "../plan/observed.js";
import { sshArgs } from "../project/ssh-args.js";
import type { Runtime } from "../runtime/runtime.js";
import { sshEndpoint } from "./readiness.js";

/** Console lines of a Linux guest that has finished shutting down (boards without power-off halt). */
const POWERED_DOWN = /reboot: (Power down|System halted)|System halted/;

export type PowerOffResult = "guest shut down" | "stopped by the runtime" | "was not running";

/**
 * Powers a machine off so its filesystems stay clean (DESIGN §7): `poweroff` as root over SSH with
 * rpi's key, then wait for QEMU to exit or the console to say the kernel halted; when the guest
 * can't be asked or doesn't finish within graceSeconds, the runtime stops it (the entrypoint tries
 * the power button, then ends QEMU).
 */
export async function powerOff(
  runtime: Runtime,
  projectDir: string,
  project: string,
  machine: Omit<ObservedMachine, "ready">,
  graceSeconds: number,
): Promise<PowerOffResult> {
  if (machine.state !== "running") {
    return "was not running";
  }
  const endpoint = sshEndpoint(machine);
  if (endpoint) {
    const asked = await execa(
      "ssh",
      sshArgs(
        { projectDir, project, machine: machine.machine, ...endpoint, user: "root" },
        ["poweroff"],
        { batch: true, checkHostKey: false },
      ),
      { reject: false, timeout: 15_000, stdin: "ignore" },
    );
    // ssh exits 255 when the guest closes the connection while powering off: still asked.
    if (asked.exitCode === 0 || asked.exitCode === 255) {
      if (await haltedWithin(runtime, project, machine.machine, graceSeconds * 1000)) {
        await runtime.stop(project, machine.machine, 1);
        return "guest shut down";
      }
    }
  }
  await runtime.stop(project, machine.machine, graceSeconds);
  return "stopped by the runtime";
}

async function haltedWithin(
  runtime: Runtime,
  project: string,
  machine: string,
  ms: number,
): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await runtime.waitExit(project, machine, 500)) return true;
    if (POWERED_DOWN.test(await runtime.tail(project, machine, 5))) return true;
  }
  return false;
}
