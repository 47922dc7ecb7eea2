import { describe, expect, it } from "vitest";
import { ChatResponseDecoder } from "./decode-response.js";
import type { ChatResponse } from "./wire-types.js";

const ids = () => {
  let n = 0;
  return () => `call_gen${++n}`;
};

describe("ChatResponseDecoder, a whole chat.completion", () => {
  it("text, reasoning, finish and usage", () => {
    const events = new ChatResponseDecoder(ids()).decode({
      choices: [
        {
          index: 0,
          message: { content: "Hello!", reasoning_content: "The user greets me." },
          finish_reason: "stop",
        },
      ],
      usage: {
        prompt_tokens: 9,
        completion_tokens: 12,
        prompt_tokens_details: { cached_tokens: 4 },
        completion_tokens_details: { reasoning_tokens: 5 },
      },
    });
    expect(events).toEqual([
      { type: "reasoning-delta", candidate: 0, text: "The user greets me." },
      { type: "text-delta", candidate: 0, text: "Hello!" },
      { type: "finish", candidate: 0, reason: "stop", rawReason: "stop" },
      { type: "usage", usage: { inputTokens: 9, outputTokens: 12, reasoningTokens: 5, cachedTokens: 4 } },
    ]);
  });

  it("a choice's logprobs go on its text", () => {
    const events = new ChatResponseDecoder(ids()).decode({
      choices: [
        {
          index: 0,
          delta: { content: "Hi" },
          logprobs: {
            content: [{ token: "Hi", logprob: -0.2, top_logprobs: [{ token: "Hi", logprob: -0.2 }] }],
          },
        },
      ],
    } as ChatResponse);
    expect(events).toEqual([
      {
        type: "text-delta",
        candidate: 0,
        text: "Hi",
        logprobs: [{ token: "Hi", logprob: -0.2, top: [{ token: "Hi", logprob: -0.2 }] }],
      },
    ]);
  });

  it("tool calls come out whole, before the finish", () => {
    const events = new ChatResponseDecoder(ids()).decode({
      choices: [
        {
          message: {
            content: null,
            tool_calls: [{ id: "call_abc", function: { name: "weather", arguments: '{"city":"Oslo"}' } }],
          },
          finish_reason: "tool_calls",
        },
      ],
    });
    expect(events).toEqual([
      { type: "tool-call", candidate: 0, id: "call_abc", name: "weather", arguments: { city: "Oslo" } },
      { type: "finish", candidate: 0, reason: "tool-calls", rawReason: "tool_calls" },
    ]);
  });

  it.each([
    ["length", "length"],
    ["content_filter", "content-filter"],
    ["something_new", "other"],
  ])("finish_reason %s → %s", (raw, reason) => {
    const events = new ChatResponseDecoder(ids()).decode({
      choices: [{ message: { content: "x" }, finish_reason: raw }],
    });
    expect(events.at(-1)).toEqual({ type: "finish", candidate: 0, reason, rawReason: raw });
  });
});

describe("ChatResponseDecoder, chat.completion.chunk by chunk", () => {
  const chunks: ChatResponse[] = [
    { choices: [{ index: 0, delta: { role: "assistant", content: "" } }] },
    { choices: [{ index: 0, delta: { content: "Let me " } }] },
    { choices: [{ index: 0, delta: { content: "check." } }] },
    {
      choices: [
        {
          index: 0,
          delta: { tool_calls: [{ index: 0, id: "call_1", function: { name: "weather", arguments: "" } }] },
        },
      ],
    },
    { choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] } }] },
    {
      choices: [
        { index: 0, delta: { tool_calls: [{ index: 1, function: { name: "time", arguments: "{}" } }] } },
      ],
    },
    { choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '"Oslo"}' } }] } }] },
    { choices: [{ index: 0, delta: {}, finish_reason: "tool_calls" }] },
    { choices: [], usage: { prompt_tokens: 5, completion_tokens: 7 } },
  ];

  it("puts tool calls together from their pieces and emits them whole before the finish", () => {
    const decoder = new ChatResponseDecoder(ids());
    const events = chunks.flatMap((chunk) => decoder.decode(chunk));
    expect(events).toEqual([
      { type: "text-delta", candidate: 0, text: "Let me " },
      { type: "text-delta", candidate: 0, text: "check." },
      { type: "tool-call", candidate: 0, id: "call_1", name: "weather", arguments: { city: "Oslo" } },
      { type: "tool-call", candidate: 0, id: "call_gen1", name: "time", arguments: {} },
      { type: "finish", candidate: 0, reason: "tool-calls", rawReason: "tool_calls" },
      { type: "usage", usage: { inputTokens: 5, outputTokens: 7, reasoningTokens: 0, cachedTokens: 0 } },
    ]);
    expect(decoder.complete).toBe(true);
  });

  it("is not complete until every choice finished", () => {
    const decoder = new ChatResponseDecoder(ids());
    decoder.decode({ choices: [{ index: 0, delta: { content: "a" } }] });
    expect(decoder.complete).toBe(false);
  });

  it("arguments that are not a JSON object are kept, not lost", () => {
    const decoder = new ChatResponseDecoder(ids());
    const events = decoder.decode({
      choices: [
        {
          message: { tool_calls: [{ id: "c", function: { name: "f", arguments: "not json" } }] },
          finish_reason: "tool_calls",
        },
      ],
    });
    expect(events[0]).toMatchObject({ type: "tool-call", arguments: { raw: "not json" } });
  });
});
