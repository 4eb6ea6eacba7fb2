import { connect } from "node:net";

/**
 * Sends one HMP command (e.g. `system_powerdown`) to QEMU's monitor socket. Resolves true when it
 * was delivered, false when nothing listens there (QEMU gone, or started without that monitor).
 */
export async function sendMonitorCommand(
  socketPath: string,
  command: string,
  timeoutMs = 2000,
): Promise<boolean> {
  return new Promise((resolve) => {
    let connected = false;
    const socket = connect(socketPath);
    const timer = setTimeout(() => socket.destroy(), timeoutMs);
    socket.on("data", () => undefined);
    socket.once("error", () => undefined);
    socket.once("connect", () => {
      connected = true;
      // Half-close after the command: QEMU reads it, runs it, then closes its side.
      socket.end(`${command}\n`);
    });
    socket.once("close", () => {
      clearTimeout(timer);
      resolve(connected);
    });
  });
}
