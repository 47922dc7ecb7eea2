import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import { AgateError, invalidRequest } from "../errors.js";

/** The request headers agate reads, at most: the 64 KiB OpenAI documents, not Node's default 16 KiB. */
export const MAX_HEADER_BYTES = 64 * 1024;

/**
 * What Node's HTTP parser refuses before any route runs, answered in the OpenAI error shape (contract §5)
 * instead of fastify's own, then the connection closed (the parser cannot go on with it). A client that
 * already left gets nothing.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  if (socket.writable) {
    const answer = refusal(error.code);
    const body = JSON.stringify(answer.toJSON());
    const status = answer.status;
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroySoon();
}

function refusal(code: string | undefined): AgateError {
  switch (code) {
    case "HPE_HEADER_OVERFLOW":
      return new AgateError(
        `The request headers are larger than ${MAX_HEADER_BYTES} bytes: send fewer or shorter headers (cookies count).`,
        { status: 431, type: "invalid_request_error", code: "request_headers_too_large" },
      );
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return new AgateError("The request was not received in time: send the whole request sooner.", {
        status: 408,
        type: "invalid_request_error",
        code: "request_timeout",
      });
    default:
      return invalidRequest(
        "The request is not valid HTTP/1.1: check the client or the proxy in front of agate.",
        null,
        "invalid_http_request",
      );
  }
}
