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

/**
 * `n` on Gemini 3 is one upstream call per choice: when one call fails, the answer fails whole, but the
 * tokens the other calls had reported (Google billed them) still count, as a single call's do.
 */
describe("n choices on Gemini 3, one call failing", () => {
  const model = "gemini-3-flash-preview";
  const answered: SimRule = {
    respond: { reply: { text: "Red.", usage: { promptTokenCount: 40, candidatesTokenCount: 3 } } },
  };
  const refused: SimRule = {
    delayMs: 150,
    respond: { error: { status: 400, body: { error: { code: 400, message: "refused choice" } } } },
  };

  it("a JSON answer: the call that answered before the other was refused counts in the log", async () => {
    stack.simulator.script(answered);
    stack.simulator.script(refused);
    const reply = await chat(stack, { model, n: 2 });
    expect(reply.status).toBe(400);
    expect(await latestEntry()).toMatchObject({ prompt_tokens: 40, completion_tokens: 3 });
  });

  it("a stream that fails midway: every call's reported tokens count, the failed one's so far too", async () => {
    // What the simulator counts for this prompt, for the call whose stream dies after its first chunk.
    const single = await chat(stack, { model });
    const prompt = (single.body.usage as { prompt_tokens: number }).prompt_tokens;
    stack.simulator.script(answered);
    stack.simulator.script({ chunkDelayMs: 150, respond: { fault: "stream-error", afterChunks: 1 } });
    const response = await fetch(`${stack.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model, n: 2, stream: true, messages: [{ role: "user", content: "hi" }] }),
    });
    expect(await response.text()).toContain('data: {"error":');
    const entry = await latestEntry();
    expect(entry?.prompt_tokens).toBe(40 + prompt);
    expect(entry?.completion_tokens).toBeGreaterThan(3);
  });
});

/**
 * A 200 whole answer with usageMetadata but no choice to give: a blocked prompt is an answer (each choice
 * content_filter) whose usage the client and the log get; no candidate and no block reason is a bad answer,
 * asked again, whose tokens count in the log as spent.
 */
describe("a whole answer with usage and no candidate", () => {
  const billed = { promptTokenCount: 40, totalTokenCount: 40 };

  it("a blocked prompt: content_filter, the prompt's tokens in the client's usage and the log", async () => {
    stack.simulator.script({ respond: { reply: { blockReason: "SAFETY", usage: billed } } });
    const reply = await chat(stack, {});
    expect(reply.status).toBe(200);
    expect(reply.body.choices).toMatchObject([{ finish_reason: "content_filter" }]);
    expect(reply.body.usage).toMatchObject({ prompt_tokens: 40, completion_tokens: 0 });
    expect(await latestEntry()).toMatchObject({ prompt_tokens: 40, completion_tokens: 0 });
  });

  it("no candidate nor block reason: asked again; the log counts the empty answer's tokens too", async () => {
    // A raw 200 body, as Gemini might send it: the simulator's replies always hold a candidate.
    const empty = { candidates: [], usageMetadata: billed };
    stack.simulator.script({ match: { stream: false }, respond: { error: { status: 200, body: empty } } });
    stack.simulator.script(answer);
    const reply = await chat(stack, {});
    expect(reply.status).toBe(200);
    expect(reply.headers.get("x-agate-attempts")).toBe("2");
    expect(reply.body.usage).toMatchObject({ prompt_tokens: 50, completion_tokens: 3 });
    expect(await latestEntry()).toMatchObject({ prompt_tokens: 90, completion_tokens: 3 });
  });
});
