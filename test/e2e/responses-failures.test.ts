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

describe("a Responses stream that fails midway", () => {
  it("response.failed holds the message it cut short as `incomplete`, and so does the stored response", async () => {
    stack.simulator.script({ match: { stream: true }, respond: { fault: "stream-error", afterChunks: 1 } });
    const stream = await client.responses.create({
      model: "gemini-2.5-flash",
      input: "tell me a long story",
      stream: true,
    });
    let failed: OpenAI.Responses.Response | undefined;
    for await (const event of stream) if (event.type === "response.failed") failed = event.response;
    expect(failed?.status).toBe("failed");
    expect(failed?.output).toHaveLength(1);
    expect(failed?.output[0]).toMatchObject({ type: "message", status: "incomplete" });
    const stored = await client.responses.retrieve(failed?.id ?? "");
    expect(stored.output[0]).toMatchObject({ type: "message", status: "incomplete" });
  });
});
