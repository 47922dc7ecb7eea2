import { connect } from "node:net";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stopRequestsInFlight } from "../../src/server/upstream-signal.js";
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

/**
 * What still runs when shutdown_timeout_ms has passed is stopped with an answer, not cut: a stream ends with
 * its protocol's error frame (and [DONE]), so that the SDK raises instead of handing over half an answer
 * as if it were whole; a request still waiting for the upstream gets the 503.
 */
describe("requests still running when the shutdown's time is up", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack(1);
  });
  afterAll(async () => {
    await stack.simulator.close();
  });

  it("→ a stream's error frame (the SDK raises shutting_down); a request not yet answered → 503", async () => {
    const client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: "unused", maxRetries: 0 });
    stack.simulator.script({
      chunkDelayMs: 200,
      respond: { reply: { text: Array.from({ length: 40 }, (_, index) => `word${index}`).join(" ") } },
    });
    stack.simulator.script({ delayMs: 5_000, respond: { reply: { text: "late" } } });
    const stream = await client.chat.completions.create({
      model: "gpt-4o",
      stream: true,
      messages: [{ role: "user", content: "a long story" }],
    });
    const waiting = client.chat.completions
      .create({ model: "gpt-4o", messages: [{ role: "user", content: "slow" }] })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    const text: string[] = [];
    const read = (async () => {
      for await (const chunk of stream) text.push(chunk.choices[0]?.delta.content ?? "");
    })().then(
      () => undefined,
      (error: unknown) => error,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const closed = stack.gateway.close();
    stopRequestsInFlight();

    const cut = await read;
    expect(cut).toBeInstanceOf(OpenAI.APIError);
    expect(cut).toMatchObject({ code: "shutting_down", type: "server_error" });
    expect(text.join("")).toMatch(/^word0/);
    const refused = await waiting;
    expect(refused).toBeInstanceOf(OpenAI.InternalServerError);
    expect(refused).toMatchObject({ status: 503, code: "shutting_down" });
    await closed;
  });
});
