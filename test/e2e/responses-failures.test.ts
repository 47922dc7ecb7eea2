import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Stack, startStack } from "../helpers/stack.js";

/** Responses whose upstream answer fails, as the official openai SDK sees them, streamed or not. */

let stack: Stack;
let client: OpenAI;

beforeAll(async () => {
  stack = await startStack(1);
  client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: "unused", maxRetries: 0 });
});
afterAll(() => stack.close());
beforeEach(() => stack.simulator.reset());

describe("a non-streamed response whose upstream answer fails", () => {
  it("an unusable finish (OTHER) → responses.create throws an APIError (502), as chat does", async () => {
    stack.simulator.script({
      forever: true,
      respond: { reply: { text: "half an ans", finishReason: "OTHER" } },
    });
    const error = await client.responses.create({ model: "gemini-2.5-flash", input: "hello" }).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect(error).toMatchObject({
      status: 502,
      error: { type: "server_error", code: "upstream_finish_reason", param: null },
    });
    expect((error as Error).message).toContain("'OTHER'");
    // Kept as a stream's would be: the message names it, and it can be retrieved.
    const id = /kept as '(resp_[^']+)'/.exec((error as Error).message)?.[1] ?? "";
    const stored = await client.responses.retrieve(id);
    expect(stored).toMatchObject({ status: "failed", error: { code: "server_error" } });
    expect(stored.output[0]).toMatchObject({ type: "message", status: "incomplete" });
    const chat = await client.chat.completions
      .create({ model: "gemini-2.5-flash", messages: [{ role: "user", content: "hello" }] })
      .then(
        () => undefined,
        (failure: unknown) => failure,
      );
    expect(chat).toMatchObject({ status: 502, error: { code: "upstream_finish_reason" } });
  });

  it("upstream 503 on every attempt → InternalServerError 502, not a 200 with status failed", async () => {
    stack.simulator.script({ forever: true, respond: { error: { status: 503 } } });
    const error = await client.responses.create({ model: "gemini-2.5-flash", input: "hello" }).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect(error).toMatchObject({ status: 502, error: { type: "server_error" } });
  });
});

describe("a Responses stream that fails midway", () => {
  it("the SDK raises; the response kept is failed, the message it cut short `incomplete`", async () => {
    stack.simulator.script({ match: { stream: true }, respond: { fault: "stream-error", afterChunks: 1 } });
    const stream = await client.responses.create({
      model: "gemini-2.5-flash",
      input: "tell me a long story",
      stream: true,
    });
    let id = "";
    // The SDK raises on the error event (which nests the error as OpenAI's do) before response.failed.
    const raised = await (async () => {
      for await (const event of stream) if (event.type === "response.created") id = event.response.id;
    })().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(raised).toBeInstanceOf(OpenAI.APIError);
    const stored = await client.responses.retrieve(id);
    expect(stored.status).toBe("failed");
    expect(stored.output).toHaveLength(1);
    expect(stored.output[0]).toMatchObject({ type: "message", status: "incomplete" });
  });
});
