import { createSocket } from "node:dgram";
import { createServer } from "node:net";

/** Binds address:port for a moment: in use, or an address this host doesn't have, is a problem. */
export function portProblem(
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
