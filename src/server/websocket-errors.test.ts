import type { FastifyRequest } from "fastify";
import { describe, expect, it } from "vitest";
import { onWebSocketError } from "./websocket-errors.js";

function harness() {
  const logged: { level: string; fields: Record<string, unknown>; message: string }[] = [];
  const record = (level: string) => (fields: Record<string, unknown>, message: string) =>
    void logged.push({ level, fields, message });
  const request = { log: { info: record("info"), error: record("error") } } as unknown as FastifyRequest;
  const socket = {
    terminated: false,
    terminate() {
      socket.terminated = true;
    },
  };
  return { logged, request, socket };
}

describe("onWebSocketError", () => {
  it("a message over the size limit (ws's 1009) is the client's: info, no stack, socket gone", () => {
    const { logged, request, socket } = harness();
    const tooBig = Object.assign(new RangeError("Max payload size exceeded"), {
      code: "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH",
    });
    onWebSocketError(tooBig, socket, request);
    expect(logged).toEqual([
      {
        level: "info",
        fields: { code: "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH", reason: "Max payload size exceeded" },
        message: "WebSocket closed: the client's message broke the protocol or exceeded body_limit_bytes",
      },
    ]);
    expect(socket.terminated).toBe(true);
  });

  it("any other failure is agate's: logged at error with the error", () => {
    const { logged, request, socket } = harness();
    const failure = new Error("boom");
    onWebSocketError(failure, socket, request);
    expect(logged).toEqual([{ level: "error", fields: { err: failure }, message: "WebSocket failed" }]);
    expect(socket.terminated).toBe(true);
  });
});
