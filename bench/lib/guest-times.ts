import { check } from "./proc.js";

/** The line the test image prints on its console when its SSH server listens (testimage/). */
const READY_LINE = "rpi-testimage: ready";

/** When a machine's container started and when its guest said it was ready, epoch ms (NaN if unknown). */
export interface GuestTimes {
  startedAt: number;
  readyAt: number;
}

/** Docker's RFC 3339 time with nanoseconds, to epoch ms (Date.parse keeps milliseconds only). */
function epochMs(stamp: string): number {
  return Date.parse(stamp.replace(/(\.\d{3})\d*/, "$1"));
}

/**
 * Reads a container's start time (`docker inspect`) and the time stamp Docker gave the guest's ready
 * line (`docker logs -t`): the guest's own boot time, whoever watches it, and the moment its SSH
 * server listened — independent of how (and how often) anyone probes for it.
 */
export async function guestTimes(container: string): Promise<GuestTimes> {
  const started = await check("docker", ["inspect", "--format", "{{.State.StartedAt}}", container]);
  // sshd can answer before the guest's shell has printed the line (a loaded 4-machine boot): the
  // stamp is the engine's, so reading it a little later changes nothing.
  for (let attempt = 0; ; attempt++) {
    const logs = await check("docker", ["logs", "-t", container]).catch(() => "");
    const line = logs.split("\n").find((l) => l.includes(READY_LINE));
    if (line || attempt === 10) {
      return {
        startedAt: epochMs(started.trim()),
        readyAt: line ? epochMs(line.split(" ")[0]) : NaN,
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
