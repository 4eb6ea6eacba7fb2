import { createSocket } from "node:dgram";
import { createServer } from "node:net";
import { portProblem } from "../../util/port-problem.js";

/**
 * A port nothing listens on at `address` now, chosen by the kernel (bind to port 0, read it, close).
 * QEMU binds it moments later; another program could take it in between, and QEMU then fails to start.
 */
export async function freePort(address: string, protocol: "tcp" | "udp"): Promise<number> {
  if (protocol === "udp") {
    const socket = createSocket(address.includes(":") ? "udp6" : "udp4");
    return new Promise((resolve, reject) => {
      socket.once("error", reject);
      socket.bind(0, address, () => {
        const { port } = socket.address();
        socket.close(() => resolve(port));
      });
    });
  }
  const server = createServer();
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, address, () => {
      const bound = server.address();
      const port = typeof bound === "object" && bound !== null ? bound.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The first VNC display (0–99, port 5900 + display) nothing listens on at `address` now, as QEMU's
 * own `to=` search would pick; the same race as freePort.
 */
export async function freeVncDisplay(address: string, basePort: number): Promise<number> {
  for (let display = 0; display < 100; display++) {
    if ((await portProblem(address, basePort + display, "tcp")) === undefined) return display;
  }
  throw new Error(`no free VNC display on ${address} (ports ${basePort}–${basePort + 99} in use)`);
}
