import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Stack, startStack } from "../helpers/stack.js";
import { expectOpenAIError, parseRawResponse } from "./support.js";

/**
 * While agate stops (SIGTERM, a restart), a request that still arrives on an open connection is refused
 * with a 503 in the OpenAI error shape (contract §5), not fastify's own, and the connection is closed so
 * that the client's retry opens a new one.
 */
describe("a request that arrives while the gateway stops", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack(1);
  });
  afterAll(async () => {
    await stack.simulator.close();
  });

  it("→ 503 shutting_down in the OpenAI shape, Connection: close; the request in flight still finishes", async () => {
    stack.simulator.script({ delayMs: 400, respond: { reply: { text: "slow" } } });
    const body = JSON.stringify({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }] });
    const request =
      "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    const socket = connect(Number(new URL(stack.url).port), "127.0.0.1");
    let answer = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      answer += chunk;
    });
    const ended = new Promise<void>((resolve) => socket.on("close", () => resolve()));
    socket.write(request);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closed = stack.gateway.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.write(request);
    await ended;
    await closed;

    const second = answer.lastIndexOf("HTTP/1.1 ");
    expect(answer.slice(0, 12)).toBe("HTTP/1.1 200");
    expect(answer.slice(0, second)).toContain("slow");
    const refused = parseRawResponse(answer.slice(second));
    expectOpenAIError(refused, 503, { code: "shutting_down", type: "server_error" });
    expect(refused.headers.connection).toBe("close");
    expect(refused.headers["x-request-id"]).toMatch(/\S/);
  });
});
