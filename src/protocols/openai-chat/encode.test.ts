import { describe, expect, it } from "vitest";
import { AgateError } from "../../errors.js";
import type { GenerateEvent } from "../../hub/types.js";
import { encodeChatJson } from "./encode-json.js";
import { encodeChatStream } from "./encode-stream.js";
import type { ChatEncodeContext } from "./wire-mapping.js";

const context = { id: "chatcmpl-1", created: 1700000000, model: "gpt-4o", includeUsage: true };
const usage: GenerateEvent = {
  type: "usage",
  usage: { inputTokens: 5, outputTokens: 9, reasoningTokens: 4, cachedTokens: 2 },
};

async function* from(events: GenerateEvent[], failAfter?: Error): AsyncGenerator<GenerateEvent> {
  yield* events;
  if (failAfter !== undefined) throw failAfter;
}

const toError = (error: unknown) =>
  error instanceof AgateError
    ? error
    : new AgateError(String(error), { status: 502, type: "server_error", code: "x" });

async function frames(
  events: GenerateEvent[],
  failAfter?: Error,
  streamContext: ChatEncodeContext = context,
): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const frame of encodeChatStream(from(events, failAfter), streamContext, toError)) {
    expect(frame.startsWith("data: ")).toBe(true);
    expect(frame.endsWith("\n\n")).toBe(true);
    const data = frame.slice(6, -2);
    if (data === "[DONE]") {
      out.push("[DONE]");
      continue;
    }
    // Compact JSON, as JSON.stringify writes it (the chunk's constant head is serialised once per stream).
    expect(data).toBe(JSON.stringify(JSON.parse(data)));
    out.push(JSON.parse(data));
  }
  return out;
}

describe("encodeChatJson", () => {
  it("log probabilities → the choice's logprobs.content, in order, with bytes", async () => {
    const token = (text: string, logprob: number) => ({
      token: text,
      logprob,
      top: [{ token: text, logprob }],
    });
    const completion = await encodeChatJson(
      from([
        { type: "text-delta", candidate: 0, text: "Hi ", logprobs: [token("Hi ", -0.5)] },
        { type: "text-delta", candidate: 0, text: "you" },
        { type: "logprobs", candidate: 0, tokens: [token("you", -0.25)] },
        { type: "finish", candidate: 0, reason: "stop" },
      ]),
      context,
    );
    expect(completion.choices[0]?.logprobs).toEqual({
      content: [
        {
          token: "Hi ",
          logprob: -0.5,
          bytes: [72, 105, 32],
          top_logprobs: [{ token: "Hi ", logprob: -0.5, bytes: [72, 105, 32] }],
        },
        {
          token: "you",
          logprob: -0.25,
          bytes: [121, 111, 117],
          top_logprobs: [{ token: "you", logprob: -0.25, bytes: [121, 111, 117] }],
        },
      ],
      refusal: null,
    });
  });

  it("text, reasoning and usage → one chat.completion", async () => {
    const completion = await encodeChatJson(
      from([
        { type: "reasoning-delta", candidate: 0, text: "hmm" },
        { type: "text-delta", candidate: 0, text: "Hel" },
        { type: "text-delta", candidate: 0, text: "lo" },
        { type: "finish", candidate: 0, reason: "stop" },
        usage,
      ]),
      context,
    );
    expect(completion).toEqual({
      id: "chatcmpl-1",
      object: "chat.completion",
      created: 1700000000,
      model: "gpt-4o",
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: "Hello", refusal: null, reasoning_content: "hmm" },
          logprobs: null,
          finish_reason: "stop",
        },
      ],
      usage: {
        prompt_tokens: 5,
        completion_tokens: 9,
        total_tokens: 14,
        prompt_tokens_details: { cached_tokens: 2 },
        completion_tokens_details: { reasoning_tokens: 4 },
      },
      system_fingerprint: null,
    });
  });

  it("reasoning_effort none: thoughts the model gave all the same are not shown, their tokens still counted", async () => {
    const completion = await encodeChatJson(
      from([
        { type: "reasoning-delta", candidate: 0, text: "hmm" },
        { type: "text-delta", candidate: 0, text: "Hello" },
        { type: "finish", candidate: 0, reason: "stop" },
        usage,
      ]),
      { ...context, hideReasoning: true },
    );
    expect(completion.choices[0]?.message).toEqual({ role: "assistant", content: "Hello", refusal: null });
    expect(completion.usage.completion_tokens_details).toEqual({ reasoning_tokens: 4 });
  });

  it("only a tool call → content null, finish_reason tool_calls, arguments as a JSON string", async () => {
    const completion = await encodeChatJson(
      from([
        { type: "tool-call", candidate: 0, id: "call_1", name: "f", arguments: { a: 1 } },
        { type: "finish", candidate: 0, reason: "tool-calls" },
      ]),
      context,
    );
    expect(completion.choices[0]?.message).toEqual({
      role: "assistant",
      content: null,
      refusal: null,
      tool_calls: [{ id: "call_1", type: "function", function: { name: "f", arguments: '{"a":1}' } }],
    });
    expect(completion.choices[0]?.finish_reason).toBe("tool_calls");
  });

  it("candidates become choices in index order", async () => {
    const completion = await encodeChatJson(
      from([
        { type: "text-delta", candidate: 1, text: "b" },
        { type: "text-delta", candidate: 0, text: "a" },
        { type: "finish", candidate: 0, reason: "stop" },
        { type: "finish", candidate: 1, reason: "length" },
      ]),
      context,
    );
    expect(
      completion.choices.map((choice) => [choice.index, choice.message.content, choice.finish_reason]),
    ).toEqual([
      [0, "a", "stop"],
      [1, "b", "length"],
    ]);
  });

  it("an upstream reason OpenAI has no word for is an error, never a silent stop", async () => {
    await expect(
      encodeChatJson(
        from([{ type: "finish", candidate: 0, reason: "other", rawReason: "MALFORMED_FUNCTION_CALL" }]),
        context,
      ),
    ).rejects.toMatchObject({ status: 502, message: expect.stringContaining("MALFORMED_FUNCTION_CALL") });
  });
});

describe("encodeChatStream", () => {
  it("with include_usage the usage chunk comes even when the upstream told no usage (zeros, as the JSON answer)", async () => {
    const out = await frames([
      { type: "text-delta", candidate: 0, text: "x" },
      { type: "finish", candidate: 0, reason: "stop" },
    ]);
    expect(out.at(-2)).toMatchObject({
      choices: [],
      usage: {
        prompt_tokens: 0,
        completion_tokens: 0,
        total_tokens: 0,
        prompt_tokens_details: { cached_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0 },
      },
    });
    expect(out.at(-1)).toBe("[DONE]");
  });

  it("a text's log probabilities go in the chunk that carries the text, as OpenAI sends them", async () => {
    const tokens = [{ token: "Hi", logprob: -0.5, top: [] }];
    const out = (await frames([
      { type: "text-delta", candidate: 0, text: "Hi", logprobs: tokens },
      { type: "finish", candidate: 0, reason: "stop" },
    ])) as { choices: { delta: unknown; logprobs: unknown }[] }[];
    expect(out[1]?.choices[0]).toMatchObject({
      delta: { content: "Hi" },
      logprobs: {
        content: [{ token: "Hi", logprob: -0.5, bytes: [72, 105], top_logprobs: [] }],
        refusal: null,
      },
    });
  });

  it("role chunk first, deltas, finish chunk (each with usage null), usage chunk, [DONE]", async () => {
    const out = await frames([
      { type: "text-delta", candidate: 0, text: "Hi" },
      { type: "text-delta", candidate: 0, text: "!" },
      { type: "finish", candidate: 0, reason: "stop" },
      usage,
    ]);
    const chunk = (delta: object, finish: string | null = null) => ({
      id: "chatcmpl-1",
      object: "chat.completion.chunk",
      created: 1700000000,
      model: "gpt-4o",
      system_fingerprint: null,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      usage: null,
    });
    expect(out).toEqual([
      chunk({ role: "assistant", content: "" }),
      chunk({ content: "Hi" }),
      chunk({ content: "!" }),
      chunk({}, "stop"),
      {
        id: "chatcmpl-1",
        object: "chat.completion.chunk",
        created: 1700000000,
        model: "gpt-4o",
        system_fingerprint: null,
        choices: [],
        usage: {
          prompt_tokens: 5,
          completion_tokens: 9,
          total_tokens: 14,
          prompt_tokens_details: { cached_tokens: 2 },
          completion_tokens_details: { reasoning_tokens: 4 },
        },
      },
      "[DONE]",
    ]);
  });

  it("reasoning_effort none: no reasoning_content delta", async () => {
    const out = (await frames(
      [
        { type: "reasoning-delta", candidate: 0, text: "hmm", signature: "c2ln" },
        { type: "text-delta", candidate: 0, text: "Hi" },
        { type: "finish", candidate: 0, reason: "stop" },
      ],
      undefined,
      { ...context, hideReasoning: true },
    )) as { choices: { delta: unknown }[] }[];
    expect(out.slice(0, 3).map((chunk) => chunk.choices[0]?.delta)).toEqual([
      { role: "assistant", content: "" },
      { content: "Hi" },
      {},
    ]);
  });

  it("tool call deltas carry index, id, type and name; finish is tool_calls", async () => {
    const out = (await frames([
      { type: "tool-call", candidate: 0, id: "call_a", name: "f", arguments: {} },
      { type: "tool-call", candidate: 0, id: "call_b", name: "g", arguments: { x: "y" } },
      { type: "finish", candidate: 0, reason: "stop" },
    ])) as { choices: { delta: { tool_calls?: unknown }; finish_reason: string | null }[] }[];
    expect(out[1]?.choices[0]?.delta.tool_calls).toEqual([
      { index: 0, id: "call_a", type: "function", function: { name: "f", arguments: "{}" } },
    ]);
    expect(out[2]?.choices[0]?.delta.tool_calls).toEqual([
      { index: 1, id: "call_b", type: "function", function: { name: "g", arguments: '{"x":"y"}' } },
    ]);
    expect(out[3]?.choices[0]?.finish_reason).toBe("tool_calls");
  });

  it("without include_usage there is no usage chunk", async () => {
    const out: string[] = [];
    for await (const frame of encodeChatStream(
      from([{ type: "finish", candidate: 0, reason: "stop" }, usage]),
      { ...context, includeUsage: false },
      toError,
    )) {
      out.push(frame);
    }
    // Not even `"usage":null` on each chunk: OpenAI sends that key only when include_usage asks for usage.
    expect(out.some((frame) => frame.includes('"usage"'))).toBe(false);
    expect(out.at(-1)).toBe("data: [DONE]\n\n");
  });

  it("a failure mid-stream → one error frame, then [DONE]", async () => {
    const out = await frames(
      [{ type: "text-delta", candidate: 0, text: "par" }],
      new Error("socket hang up"),
    );
    expect(out.at(-2)).toEqual({
      error: { message: "Error: socket hang up", type: "server_error", param: null, code: "x" },
    });
    expect(out.at(-1)).toBe("[DONE]");
  });
});

describe("a request with the deprecated `functions`: the answer's call as `function_call`", () => {
  const legacy = { ...context, includeUsage: false, legacyFunctions: true };
  const called: GenerateEvent[] = [
    { type: "tool-call", candidate: 0, id: "call_1", name: "get_weather", arguments: { city: "Paris" } },
    { type: "finish", candidate: 0, reason: "tool-calls" },
  ];

  it("whole: message.function_call, no tool_calls, finish_reason function_call", async () => {
    const completion = await encodeChatJson(from(called), legacy);
    expect(completion.choices[0]).toEqual({
      index: 0,
      message: {
        role: "assistant",
        content: null,
        refusal: null,
        function_call: { name: "get_weather", arguments: '{"city":"Paris"}' },
      },
      logprobs: null,
      finish_reason: "function_call",
    });
  });

  it("streamed: a function_call delta (name and arguments), then finish_reason function_call", async () => {
    const out: unknown[] = [];
    for await (const frame of encodeChatStream(from(called), legacy, toError)) out.push(frame);
    const chunks = out
      .slice(0, -1)
      .map((frame) => JSON.parse(String(frame).slice(6)) as { choices: unknown[] });
    expect(chunks.map((chunk) => chunk.choices[0])).toEqual([
      { index: 0, delta: { role: "assistant", content: "" }, logprobs: null, finish_reason: null },
      {
        index: 0,
        delta: { function_call: { name: "get_weather", arguments: '{"city":"Paris"}' } },
        logprobs: null,
        finish_reason: null,
      },
      { index: 0, delta: {}, logprobs: null, finish_reason: "function_call" },
    ]);
    expect(out.at(-1)).toBe("data: [DONE]\n\n");
  });
});

describe("code execution in a chat answer", () => {
  // Chat Completions has no code interpreter and agate never asks Gemini to run code for a chat request;
  // should the model run some anyway, the code and its output are left out: content stays the model's own
  // words, which the client sends back as the assistant's message on the next turn.
  const events: GenerateEvent[] = [
    { type: "text-delta", candidate: 0, text: "Computing. " },
    { type: "code-execution", candidate: 0, code: "print(6 * 7)" },
    { type: "code-execution-result", candidate: 0, outcome: "ok", output: "42\n" },
    { type: "text-delta", candidate: 0, text: "It is 42." },
    { type: "finish", candidate: 0, reason: "stop" },
  ];

  it("is dropped, knowingly: the message holds the text around it, finish stop", async () => {
    const completion = await encodeChatJson(from(events), context);
    expect(completion.choices[0]).toEqual({
      index: 0,
      message: { role: "assistant", content: "Computing. It is 42.", refusal: null },
      logprobs: null,
      finish_reason: "stop",
    });
  });

  it("streamed: only the text deltas, then the finish", async () => {
    const out = (await frames(events)) as { choices?: { delta: unknown; finish_reason: unknown }[] }[];
    expect(out.flatMap((chunk) => chunk.choices?.map((choice) => choice.delta) ?? [])).toEqual([
      { role: "assistant", content: "" },
      { content: "Computing. " },
      { content: "It is 42." },
      {},
    ]);
  });
});
