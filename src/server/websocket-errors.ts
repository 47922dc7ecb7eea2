import type { FastifyRequest } from "fastify";

/** What of a socket the handler needs. */
interface Terminable {
  terminate(): void;
}

/**
 * A WebSocket's error (the @fastify/websocket errorHandler). A client that broke the protocol, such as a
 * message over body_limit_bytes (closed with 1009 by ws), is the client's doing: logged at info, without a
 * stack; anything else is agate's, at error. Either way the socket goes.
 */
export function onWebSocketError(error: Error, socket: Terminable, request: FastifyRequest): void {
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && code.startsWith("WS_ERR_")) {
    request.log.info(
      { code, reason: error.message },
      "WebSocket closed: the client's message broke the protocol or exceeded body_limit_bytes",
    );
  } else {
    request.log.error({ err: error }, "WebSocket failed");
  }
  socket.terminate();
}
