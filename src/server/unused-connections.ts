import type { Server } from "node:http";
import type { Socket } from "node:net";

/**
 * The connections of `server` that have not sent a byte yet: a browser's preconnect, a client's spare
 * socket, a TCP health probe. Node's `closeIdleConnections` leaves them open (they hold no request that
 * ended), so a graceful stop waited for them until its timeout, 10 s by default. `closeUnused` ends them;
 * a connection that has sent anything is left to finish its request.
 */
export function unusedConnections(server: Server): { closeUnused(): void } {
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  return {
    closeUnused() {
      for (const socket of sockets) if (socket.bytesRead === 0) socket.destroy();
    },
  };
}
