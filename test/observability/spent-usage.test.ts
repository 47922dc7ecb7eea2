import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { SimRule } from "../../src/simulator/index.js";
import { type Stack, startStack } from "../helpers/stack.js";
import { chat, get, settle } from "./support.js";

/**
 * Tokens Google billed for an answer the client never got — here a MALFORMED_FUNCTION_CALL that agate asks
 * again — count in agate's request log and usage statistics; the client's usage is its answer's.
 */

let stack: Stack;
beforeAll(async () => {
  stack = await startStack(1);
});
afterAll(() => stack.close());
beforeEach(() => stack.simulator.reset());

const malformed: SimRule = {
  respond: {
    reply: {
      finishReason: "MALFORMED_FUNCTION_CALL",
      usage: { promptTokenCount: 50, candidatesTokenCount: 2 },
    },
  },
};
const answer: SimRule = {
  respond: { reply: { text: "Sunny today.", usage: { promptTokenCount: 50, candidatesTokenCount: 3 } } },
};

interface Entry {
  prompt_tokens: number;
  completion_tokens: number;
}

async function latestEntry(): Promise<Entry | undefined> {
  await settle();
  return ((await get(stack, "/admin/requests?limit=1")).json() as { data: Entry[] }).data[0];
}

describe("a malformed function call asked again", () => {
  it("a JSON answer: the log counts both calls, the client its answer", async () => {
    stack.simulator.script(malformed);
    stack.simulator.script(answer);
    const reply = await chat(stack, { model: "gemini-2.5-flash" });
    expect(reply.status).toBe(200);
    expect(reply.body.usage).toMatchObject({ prompt_tokens: 50, completion_tokens: 3 });
    expect(await latestEntry()).toMatchObject({ prompt_tokens: 100, completion_tokens: 5 });
  });

  it("a stream: the same", async () => {
    stack.simulator.script(malformed);
    stack.simulator.script(answer);
    const response = await fetch(`${stack.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        model: "gemini-2.5-flash",
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: "user", content: "hi" }],
      }),
    });
    const text = await response.text();
    expect(text).toContain('"prompt_tokens":50');
    expect(await latestEntry()).toMatchObject({ prompt_tokens: 100, completion_tokens: 5 });
  });
});
