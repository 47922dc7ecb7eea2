import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { refusal } from "../helpers/sdk-refusal.js";
import { generationCalls } from "../helpers/sim-requests.js";
import { type Stack, startStack } from "../helpers/stack.js";

/** Chat requests that Gemini would refuse with a 400 naming nothing: refused by agate first, naming the param. */

let stack: Stack;
let client: OpenAI;

beforeAll(async () => {
  stack = await startStack(1);
  client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: "unused", maxRetries: 0 });
});
afterAll(() => stack.close());
beforeEach(() => stack.simulator.reset());

const upstreamCalls = () => generationCalls(stack.simulator);

const readFile = (id: string, path: string): OpenAI.Chat.ChatCompletionMessageFunctionToolCall => ({
  id,
  type: "function",
  function: { name: "read_file", arguments: JSON.stringify({ path }) },
});
const tools: OpenAI.Chat.ChatCompletionTool[] = [
  {
    type: "function",
    function: {
      name: "read_file",
      parameters: { type: "object", properties: { path: { type: "string" } }, required: ["path"] },
    },
  },
];

describe("tool results that do not answer the calls before them", () => {
  it("a call left without a tool message → BadRequestError naming the assistant message, nothing sent upstream", async () => {
    const error = await refusal(
      client.chat.completions.create({
        model: "gemini-2.5-flash",
        tools,
        messages: [
          { role: "user", content: "Read a and b" },
          {
            role: "assistant",
            content: null,
            tool_calls: [readFile("call_a", "a"), readFile("call_b", "b")],
          },
          { role: "tool", tool_call_id: "call_a", content: "contents of a" },
          { role: "user", content: "Go on" },
        ],
      }),
    );
    expect(error.status).toBe(400);
    expect(error.param).toBe("messages[1].role");
    expect(error.message).toContain("These tool_call_ids have no tool message: call_b.");
    expect(upstreamCalls()).toHaveLength(0);
  });

  it("a tool message answering no call → BadRequestError naming its tool_call_id", async () => {
    const error = await refusal(
      client.chat.completions.create({
        model: "gemini-2.5-flash",
        tools,
        messages: [
          { role: "user", content: "Read a" },
          { role: "tool", tool_call_id: "call_a", content: "contents of a" },
        ],
      }),
    );
    expect(error.param).toBe("messages[1].tool_call_id");
    expect(upstreamCalls()).toHaveLength(0);
  });

  it("control: results in another order than the calls are accepted and sent in the calls' order", async () => {
    const answer = await client.chat.completions.create({
      model: "gemini-2.5-flash",
      tools,
      messages: [
        { role: "user", content: "Read a and b" },
        { role: "assistant", content: null, tool_calls: [readFile("call_a", "a"), readFile("call_b", "b")] },
        { role: "tool", tool_call_id: "call_b", content: "contents of b" },
        { role: "tool", tool_call_id: "call_a", content: "contents of a" },
      ],
    });
    expect(answer.choices[0]?.finish_reason).toBe("stop");
    const body = upstreamCalls()[0]?.body as { contents: { parts: unknown[] }[] };
    expect(body.contents[2]?.parts).toEqual([
      { functionResponse: { name: "read_file", response: { result: "contents of a" } } },
      { functionResponse: { name: "read_file", response: { result: "contents of b" } } },
    ]);
  });
});

describe("stop", () => {
  it("more stop sequences than Gemini takes (5) → BadRequestError naming stop, nothing sent upstream", async () => {
    const error = await refusal(
      client.chat.completions.create({
        model: "gemini-2.5-flash",
        messages: [{ role: "user", content: "Count to ten" }],
        stop: ["six", "seven", "eight", "nine", "ten", "eleven"],
      }),
    );
    expect(error.param).toBe("stop");
    expect(upstreamCalls()).toHaveLength(0);
  });

  it("control: 5 go upstream as stopSequences", async () => {
    const stop = ["six", "seven", "eight", "nine", "ten"];
    await client.chat.completions.create({
      model: "gemini-2.5-flash",
      messages: [{ role: "user", content: "Count to ten" }],
      stop,
    });
    const body = upstreamCalls()[0]?.body as { generationConfig?: { stopSequences?: string[] } };
    expect(body.generationConfig?.stopSequences).toEqual(stop);
  });
});

describe("a prompt Gemini blocks, with n choices asked for", () => {
  const blocked = () => stack.simulator.script({ respond: { reply: { blockReason: "SAFETY" } } });
  const request = { model: "gemini-2.5-flash", n: 2, messages: [{ role: "user" as const, content: "x" }] };

  it("whole: n choices, each content_filter", async () => {
    blocked();
    const answer = await client.chat.completions.create(request);
    expect(answer.choices).toEqual(
      [0, 1].map((index) => ({
        index,
        message: { role: "assistant", content: "", refusal: null },
        logprobs: null,
        finish_reason: "content_filter",
      })),
    );
  });

  it("streamed: each of the n choices opens and finishes with content_filter", async () => {
    blocked();
    const chunks = await client.chat.completions.create({ ...request, stream: true });
    const finishes = new Map<number, string | null>();
    for await (const chunk of chunks)
      for (const choice of chunk.choices)
        if (choice.finish_reason !== null) finishes.set(choice.index, choice.finish_reason);
    expect([...finishes]).toEqual([
      [0, "content_filter"],
      [1, "content_filter"],
    ]);
  });

  it("legacy completions: n choices too", async () => {
    blocked();
    const answer = await client.completions.create({ model: "gemini-2.5-flash", prompt: "x", n: 2 });
    expect(answer.choices.map((choice) => [choice.index, choice.finish_reason])).toEqual([
      [0, "content_filter"],
      [1, "content_filter"],
    ]);
  });
});

describe("the deprecated function_call", () => {
  it("naming a function with no 'functions' declared → BadRequestError naming function_call, not a text answer", async () => {
    const error = await refusal(
      client.chat.completions.create({
        model: "gemini-2.5-flash",
        messages: [{ role: "user", content: "Weather in Paris?" }],
        tools,
        function_call: { name: "read_file" },
      }),
    );
    expect(error.param).toBe("function_call");
    expect(upstreamCalls()).toHaveLength(0);
  });
});

describe("logit_bias", () => {
  it("a bias on any token → BadRequestError naming logit_bias, nothing sent upstream", async () => {
    const error = await refusal(
      client.chat.completions.create({
        model: "gemini-2.5-flash",
        messages: [{ role: "user", content: "Say yes or no" }],
        logit_bias: { "9642": 100, "2822": -100 },
      }),
    );
    expect(error.status).toBe(400);
    expect(error.param).toBe("logit_bias");
    expect(error.message).toContain("Gemini has no token biasing");
    expect(upstreamCalls()).toHaveLength(0);
  });

  it("control: {} (some clients send it by default) and null are answered", async () => {
    for (const logit_bias of [{}, null]) {
      const answer = await client.chat.completions.create({
        model: "gemini-2.5-flash",
        messages: [{ role: "user", content: "Say yes or no" }],
        logit_bias,
      });
      expect(answer.choices[0]?.finish_reason).toBe("stop");
    }
  });
});

describe("seed", () => {
  const seedSent = () =>
    (upstreamCalls()[0]?.body as { generationConfig?: { seed?: number } } | undefined)?.generationConfig
      ?.seed;

  it("a 64-bit seed is answered, Gemini getting it folded into its int32 range, the same for the same seed", async () => {
    const request = {
      model: "gemini-2.5-flash",
      messages: [{ role: "user" as const, content: "Pick a number" }],
      seed: 2 ** 32 + 42,
    };
    const answer = await client.chat.completions.create(request);
    expect(answer.choices[0]?.finish_reason).toBe("stop");
    expect(seedSent()).toBe(42);
    stack.simulator.reset();
    await client.chat.completions.create(request);
    expect(seedSent()).toBe(42);
  });

  it("the largest int64 (as a Python client writes it) is answered too", async () => {
    const response = await fetch(`${stack.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"model":"gemini-2.5-flash","messages":[{"role":"user","content":"hi"}],"seed":9223372036854775807}',
    });
    expect(response.status).toBe(200);
    expect(seedSent()).toBe(0);
  });

  it("control: an int32 seed goes upstream as it is", async () => {
    await client.chat.completions.create({
      model: "gemini-2.5-flash",
      messages: [{ role: "user", content: "Pick a number" }],
      seed: -123456,
    });
    expect(seedSent()).toBe(-123456);
  });
});
