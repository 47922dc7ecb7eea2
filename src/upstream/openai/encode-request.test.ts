import { describe, expect, it } from "vitest";
import type { GenerateRequest } from "../../hub/types.js";
import { encodeChatRequest } from "./encode-request.js";

const base: GenerateRequest = {
  requestedModel: "local",
  model: "llama3.1:8b",
  turns: [{ role: "user", parts: [{ type: "text", text: "hi" }] }],
  settings: {},
  stream: false,
};

describe("encodeChatRequest", () => {
  it("passes the mapped model and a plain conversation through", () => {
    expect(encodeChatRequest({ ...base, system: "Be terse." })).toEqual({
      model: "llama3.1:8b",
      messages: [
        { role: "system", content: "Be terse." },
        { role: "user", content: "hi" },
      ],
      stream: false,
    });
  });

  it("only a system text: a lone system message, as an OpenAI-compatible server takes it", () => {
    expect(encodeChatRequest({ ...base, system: "Write a haiku.", turns: [] }).messages).toEqual([
      { role: "system", content: "Write a haiku." },
    ]);
  });

  it("parallel tool calls off is said to the server (which can honour it)", () => {
    expect(encodeChatRequest({ ...base, parallelToolCalls: false }).parallel_tool_calls).toBe(false);
    expect(encodeChatRequest(base)).not.toHaveProperty("parallel_tool_calls");
  });

  it("asks for usage in streams", () => {
    expect(encodeChatRequest({ ...base, stream: true })).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it("tool calls, tool results and tools round-trip in the Chat Completions shape", () => {
    const body = encodeChatRequest({
      ...base,
      turns: [
        { role: "user", parts: [{ type: "text", text: "weather?" }] },
        {
          role: "assistant",
          parts: [
            { type: "reasoning", text: "thinking", signature: "sig" },
            { type: "tool-call", id: "call_1", name: "weather", arguments: { city: "Oslo" } },
          ],
        },
        {
          role: "tool",
          parts: [{ type: "tool-result", callId: "call_1", name: "weather", content: { temp: 3 } }],
        },
      ],
      tools: [{ name: "weather", description: "Weather now", parameters: { type: "object" } }],
      toolChoice: { type: "named", name: "weather" },
    });
    expect(body.messages).toEqual([
      { role: "user", content: "weather?" },
      {
        role: "assistant",
        content: null,
        tool_calls: [
          { id: "call_1", type: "function", function: { name: "weather", arguments: '{"city":"Oslo"}' } },
        ],
      },
      { role: "tool", tool_call_id: "call_1", content: '{"temp":3}' },
    ]);
    expect(body.tools).toEqual([
      {
        type: "function",
        function: { name: "weather", description: "Weather now", parameters: { type: "object" } },
      },
    ]);
    expect(body.tool_choice).toEqual({ type: "function", function: { name: "weather" } });
  });

  it("a tool-call id carrying a Gemini thought signature goes as its own part: the signature is Gemini's alone", () => {
    // What agate gives a client for a signed Gemini 3 call: the id, the marker, the signature (base64url).
    const carried = "call_k3j5h2__ts_CiQBjz1rX9AqZ_f3-Kd0yN8mQ2w4vT7pLhR6sE1uB9cG5oI0";
    const body = encodeChatRequest({
      ...base,
      turns: [
        { role: "user", parts: [{ type: "text", text: "weather?" }] },
        {
          role: "assistant",
          parts: [{ type: "tool-call", id: carried, name: "weather", arguments: {}, signature: "CiQBjz1r" }],
        },
        { role: "tool", parts: [{ type: "tool-result", callId: carried, name: "weather", content: "3" }] },
      ],
    });
    expect(body.messages.slice(1)).toEqual([
      {
        role: "assistant",
        content: null,
        tool_calls: [{ id: "call_k3j5h2", type: "function", function: { name: "weather", arguments: "{}" } }],
      },
      { role: "tool", tool_call_id: "call_k3j5h2", content: "3" },
    ]);
  });

  it("a tool-call id carrying Gemini's own call id (and a signature) goes bare: both are Gemini's alone", () => {
    const carried = "call_k3j5h2__fc8_p0x7m4z1__ts_CiQBjz1rX9AqZ_f3-Kd0yN8mQ2w4vT7pLhR6sE1uB9cG5oI0";
    const body = encodeChatRequest({
      ...base,
      turns: [
        { role: "user", parts: [{ type: "text", text: "weather?" }] },
        { role: "assistant", parts: [{ type: "tool-call", id: carried, name: "weather", arguments: {} }] },
        { role: "tool", parts: [{ type: "tool-result", callId: carried, name: "weather", content: "3" }] },
      ],
    });
    expect(body.messages[1]).toMatchObject({ tool_calls: [{ id: "call_k3j5h2" }] });
    expect(body.messages[2]).toEqual({ role: "tool", tool_call_id: "call_k3j5h2", content: "3" });
  });

  it("code execution is Gemini's: the request's switch is not sent, replayed code is dropped, the text kept", () => {
    const body = encodeChatRequest({
      ...base,
      codeExecution: true,
      turns: [
        { role: "user", parts: [{ type: "text", text: "6 * 7?" }] },
        {
          role: "assistant",
          parts: [
            { type: "text", text: "Computing. " },
            { type: "code-execution", code: "print(6 * 7)", results: [{ outcome: "ok", output: "42\n" }] },
            { type: "text", text: "It is 42." },
          ],
        },
      ],
    });
    expect(body.messages).toEqual([
      { role: "user", content: "6 * 7?" },
      { role: "assistant", content: "Computing. It is 42." },
    ]);
    expect(body).not.toHaveProperty("tools");
  });

  it("allowed tools go as OpenAI's allowed_tools choice", () => {
    const body = encodeChatRequest({
      ...base,
      toolChoice: { type: "allowed", mode: "auto", names: ["weather"] },
    });
    expect(body.tool_choice).toEqual({
      type: "allowed_tools",
      allowed_tools: { mode: "auto", tools: [{ type: "function", function: { name: "weather" } }] },
    });
  });

  it("parallel results that came with images: every tool message first, then one user message of the images", () => {
    const shot = (callId: string, data: string) => ({
      role: "tool" as const,
      parts: [
        { type: "tool-result" as const, callId, name: "screenshot", content: `screen ${callId}` },
        { type: "media" as const, mimeType: "image/png", data },
      ],
    });
    const body = encodeChatRequest({
      ...base,
      turns: [
        { role: "user", parts: [{ type: "text", text: "both screens?" }] },
        {
          role: "assistant",
          parts: [
            { type: "tool-call", id: "call_1", name: "screenshot", arguments: {} },
            { type: "tool-call", id: "call_2", name: "screenshot", arguments: {} },
          ],
        },
        shot("call_1", "AAAA"),
        shot("call_2", "BBBB"),
        { role: "user", parts: [{ type: "text", text: "which is brighter?" }] },
      ],
    });
    // OpenAI wants the tool messages right after the calls: a user message between them is a 400.
    expect(body.messages.slice(2)).toEqual([
      { role: "tool", tool_call_id: "call_1", content: "screen call_1" },
      { role: "tool", tool_call_id: "call_2", content: "screen call_2" },
      {
        role: "user",
        content: [
          { type: "image_url", image_url: { url: "data:image/png;base64,AAAA" } },
          { type: "image_url", image_url: { url: "data:image/png;base64,BBBB" } },
        ],
      },
      { role: "user", content: "which is brighter?" },
    ]);
  });

  it("images and audio become content parts", () => {
    const body = encodeChatRequest({
      ...base,
      turns: [
        {
          role: "user",
          parts: [
            { type: "text", text: "what is this?" },
            { type: "media", mimeType: "image/png", data: "AAAA" },
            { type: "media", mimeType: "image/jpeg", url: "https://example.com/cat.jpg" },
            { type: "media", mimeType: "audio/wav", data: "UklG" },
          ],
        },
      ],
    });
    expect(body.messages[0]).toEqual({
      role: "user",
      content: [
        { type: "text", text: "what is this?" },
        { type: "image_url", image_url: { url: "data:image/png;base64,AAAA" } },
        { type: "image_url", image_url: { url: "https://example.com/cat.jpg" } },
        { type: "input_audio", input_audio: { data: "UklG", format: "wav" } },
      ],
    });
  });

  it("generation settings map to their Chat Completions names (stop and logit_bias as the client sent them)", () => {
    const body = encodeChatRequest({
      ...base,
      settings: {
        temperature: 0.2,
        topP: 0.9,
        maxOutputTokens: 100,
        stop: ["a", "b", "c", "d", "e", "f"],
        seed: 7,
        presencePenalty: 0.1,
        frequencyPenalty: 0.2,
        logitBias: { "50256": -100 },
        candidateCount: 2,
        reasoningEffort: "low",
        responseFormat: { type: "json-schema", name: "answer", schema: { type: "object" } },
      },
    });
    expect(body).toMatchObject({
      temperature: 0.2,
      top_p: 0.9,
      max_completion_tokens: 100,
      stop: ["a", "b", "c", "d", "e", "f"],
      seed: 7,
      presence_penalty: 0.1,
      frequency_penalty: 0.2,
      logit_bias: { "50256": -100 },
      n: 2,
      reasoning_effort: "low",
      response_format: { type: "json_schema", json_schema: { name: "answer", schema: { type: "object" } } },
    });
    expect(body).not.toHaveProperty("max_tokens");
  });

  it("the output limit goes as max_tokens only when the client named it so", () => {
    const named = encodeChatRequest({
      ...base,
      settings: { maxOutputTokens: 9, maxTokensNamedMaxTokens: true },
    });
    expect(named.max_tokens).toBe(9);
    expect(named).not.toHaveProperty("max_completion_tokens");
    const unnamed = encodeChatRequest({ ...base, settings: { maxOutputTokens: 9 } });
    expect(unnamed.max_completion_tokens).toBe(9);
    expect(unnamed).not.toHaveProperty("max_tokens");
  });
});
