import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
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
  method: string;
  attempts: number;
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

  it("a Responses WebSocket turn: the same, in the turn's entry", async () => {
    stack.simulator.script(malformed);
    stack.simulator.script(answer);
    const socket = new WebSocket(`${stack.url.replace(/^http/, "ws")}/v1/responses`);
    await new Promise((resolve) => socket.once("open", resolve));
    const completed = new Promise<{ usage: { input_tokens: number } }>((resolve) =>
      socket.on("message", (data) => {
        const event = JSON.parse(String(data)) as {
          type: string;
          response: { usage: { input_tokens: number } };
        };
        if (event.type === "response.completed") resolve(event.response);
      }),
    );
    socket.send(
      JSON.stringify({ type: "response.create", model: "gemini-2.5-flash", input: "hi", store: false }),
    );
    expect((await completed).usage.input_tokens).toBe(50);
    socket.close();
    await settle();
    const { data } = (await get(stack, "/admin/requests?limit=2")).json() as { data: Entry[] };
    // The socket's own entry (its upgrade) may come first once it has closed.
    expect(data.find((entry) => entry.method === "WS")).toMatchObject({
      method: "WS",
      attempts: 2,
      prompt_tokens: 100,
      completion_tokens: 5,
    });
  });
});
