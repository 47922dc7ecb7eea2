import { describe, expect, it } from "vitest";
import { AgateError } from "../../errors.js";
import type { GenerateEvent } from "../../hub/types.js";
import { completionOf, encodeCompletionJson } from "./encode-json.js";
import { encodeCompletionStream } from "./encode-stream.js";

const context = { id: "cmpl-1", created: 1700000000, model: "gpt-3.5-turbo-instruct", includeUsage: true };
const usage: GenerateEvent = {
  type: "usage",
  usage: { inputTokens: 5, outputTokens: 9, reasoningTokens: 4, cachedTokens: 0 },
};

async function* from(events: GenerateEvent[], failAfter?: Error): AsyncGenerator<GenerateEvent> {
  yield* events;
  if (failAfter !== undefined) throw failAfter;
}

const toError = (error: unknown) =>
  error instanceof AgateError
    ? error
    : new AgateError(String(error), { status: 502, type: "server_error", code: "x" });

async function frames(events: GenerateEvent[], failAfter?: Error): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const frame of encodeCompletionStream(from(events, failAfter), context, toError)) {
    expect(frame).toMatch(/^data: .*\n\n$/s);
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

/** A chunk as streamed with include_usage (the test context's): `usage: null` until the usage chunk. */
const chunk = (index: number, text: string, finish: string | null = null) => ({
  ...plainChunk(index, text, finish),
  usage: null,
});

/** The same without include_usage: no usage key. */
const plainChunk = (index: number, text: string, finish: string | null = null) => ({
  id: "cmpl-1",
  object: "text_completion",
  created: 1700000000,
  model: "gpt-3.5-turbo-instruct",
  choices: [{ text, index, logprobs: null, finish_reason: finish }],
});

describe("encodeCompletionJson", () => {
  it("text deltas and usage → one text_completion", async () => {
    const completion = await encodeCompletionJson(
      from([
        { type: "text-delta", candidate: 0, text: "Hel" },
        { type: "text-delta", candidate: 0, text: "lo" },
        { type: "finish", candidate: 0, reason: "stop" },
        usage,
      ]),
      context,
    );
    expect(completion).toEqual({
      id: "cmpl-1",
      object: "text_completion",
      created: 1700000000,
      model: "gpt-3.5-turbo-instruct",
      choices: [{ text: "Hello", index: 0, logprobs: null, finish_reason: "stop" }],
      usage: {
        prompt_tokens: 5,
        completion_tokens: 9,
        total_tokens: 14,
        prompt_tokens_details: { cached_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 4 },
      },
    });
  });

  it("reasoning never reaches text", async () => {
    const completion = await encodeCompletionJson(
      from([
        { type: "reasoning-delta", candidate: 0, text: "let me think" },
        { type: "text-delta", candidate: 0, text: "42" },
      ]),
      context,
    );
    expect(completion.choices).toEqual([{ text: "42", index: 0, logprobs: null, finish_reason: "stop" }]);
  });

  it("several candidates → choices in index order; MAX_TOKENS → length", async () => {
    const completion = await encodeCompletionJson(
      from([
        { type: "text-delta", candidate: 1, text: "b" },
        { type: "text-delta", candidate: 0, text: "a" },
        { type: "finish", candidate: 0, reason: "length" },
        { type: "finish", candidate: 1, reason: "content-filter" },
      ]),
      context,
    );
    expect(completion.choices.map((choice) => [choice.index, choice.text, choice.finish_reason])).toEqual([
      [0, "a", "length"],
      [1, "b", "content_filter"],
    ]);
  });

  it("a finish reason OpenAI has no word for is an error, never stop", async () => {
    const failure = await encodeCompletionJson(
      from([{ type: "finish", candidate: 0, reason: "other", rawReason: "MALFORMED_FUNCTION_CALL" }]),
      context,
    ).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AgateError);
    expect((failure as AgateError).status).toBe(502);
    expect((failure as AgateError).message).toContain("MALFORMED_FUNCTION_CALL");
  });
});

describe("completionOf (an answer already read whole)", () => {
  const answer: GenerateEvent[] = [
    { type: "reasoning-delta", candidate: 0, text: "hmm" },
    { type: "text-delta", candidate: 1, text: "b" },
    { type: "text-delta", candidate: 0, text: "a" },
    { type: "finish", candidate: 0, reason: "stop" },
    { type: "finish", candidate: 1, reason: "length" },
    usage,
  ];

  it("the same text_completion as encodeCompletionJson, without awaiting", async () => {
    const completion = completionOf(answer, context);
    expect(completion).not.toBeInstanceOf(Promise);
    expect(completion).toEqual(await encodeCompletionJson(from(answer), context));
    expect(completion.choices.map((choice) => [choice.text, choice.finish_reason])).toEqual([
      ["a", "stop"],
      ["b", "length"],
    ]);
  });

  it("an error event is thrown, and an unusable finish too", () => {
    const failure = new AgateError("quota", { status: 429, type: "rate_limit_error", code: "quota" });
    expect(() => completionOf([{ type: "error", error: failure }], context)).toThrow(failure);
    expect(() =>
      completionOf(
        [{ type: "finish", candidate: 0, reason: "other", rawReason: "MALFORMED_FUNCTION_CALL" }],
        context,
      ),
    ).toThrow(/MALFORMED_FUNCTION_CALL/);
  });
});

describe("encodeCompletionStream", () => {
  it("text chunks, a finish chunk, the usage chunk, then [DONE]; no reasoning", async () => {
    expect(
      await frames([
        { type: "reasoning-delta", candidate: 0, text: "hmm" },
        { type: "text-delta", candidate: 0, text: "Hi" },
        { type: "finish", candidate: 0, reason: "stop" },
        usage,
      ]),
    ).toEqual([
      chunk(0, "Hi"),
      chunk(0, "", "stop"),
      {
        id: "cmpl-1",
        object: "text_completion",
        created: 1700000000,
        model: "gpt-3.5-turbo-instruct",
        choices: [],
        usage: {
          prompt_tokens: 5,
          completion_tokens: 9,
          total_tokens: 14,
          prompt_tokens_details: { cached_tokens: 0 },
          completion_tokens_details: { reasoning_tokens: 4 },
        },
      },
      "[DONE]",
    ]);
  });

  it("with include_usage the usage chunk comes even when the upstream told no usage (zeros)", async () => {
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

  it("without include_usage there is no usage chunk", async () => {
    const out: string[] = [];
    const events = from([{ type: "text-delta", candidate: 0, text: "x" }, usage]);
    for await (const frame of encodeCompletionStream(events, { ...context, includeUsage: false }, toError))
      out.push(frame);
    expect(out).toEqual([`data: ${JSON.stringify(plainChunk(0, "x"))}\n\n`, "data: [DONE]\n\n"]);
  });

  it("a failure after the first chunk → one error frame, then [DONE]", async () => {
    const out = await frames(
      [{ type: "text-delta", candidate: 0, text: "par" }],
      new Error("socket hang up"),
    );
    expect(out).toEqual([
      chunk(0, "par"),
      { error: { message: "Error: socket hang up", type: "server_error", param: null, code: "x" } },
      "[DONE]",
    ]);
  });
});

describe("logprobs in the legacy shape (tokens, token_logprobs, top_logprobs, text_offset)", () => {
  const token = (text: string, logprob: number, top: [string, number][] = []) => ({
    token: text,
    logprob,
    top: top.map(([alternative, value]) => ({ token: alternative, logprob: value })),
  });
  const events: GenerateEvent[] = [
    {
      type: "text-delta",
      candidate: 0,
      text: "Hello",
      logprobs: [
        token("Hel", -0.1, [
          ["Hel", -0.1],
          ["Hi", -2.5],
        ]),
        token("lo", -0.2, [["lo", -0.2]]),
      ],
    },
    { type: "text-delta", candidate: 0, text: " you", logprobs: [token(" you", -0.5, [[" you", -0.5]])] },
    { type: "finish", candidate: 0, reason: "stop" },
  ];

  it("a whole answer: every token, its offset in the text, its alternatives", () => {
    expect(completionOf(events, context).choices[0]?.logprobs).toEqual({
      tokens: ["Hel", "lo", " you"],
      token_logprobs: [-0.1, -0.2, -0.5],
      top_logprobs: [{ Hel: -0.1, Hi: -2.5 }, { lo: -0.2 }, { " you": -0.5 }],
      text_offset: [0, 3, 5],
    });
    // Not asked: null, as before.
    expect(
      completionOf([{ type: "text-delta", candidate: 0, text: "x" }], context).choices[0]?.logprobs,
    ).toBeNull();
  });

  it("a stream: each chunk carries its own tokens, offsets counted from the answer's start", async () => {
    const chunks = (await frames(events)).filter(
      (frame): frame is { choices: { text: string; logprobs: unknown }[] } =>
        typeof frame === "object" && (frame as { choices: unknown[] }).choices.length > 0,
    );
    expect(chunks[0]?.choices[0]?.logprobs).toEqual({
      tokens: ["Hel", "lo"],
      token_logprobs: [-0.1, -0.2],
      top_logprobs: [{ Hel: -0.1, Hi: -2.5 }, { lo: -0.2 }],
      text_offset: [0, 3],
    });
    expect(chunks[1]?.choices[0]?.logprobs).toMatchObject({ tokens: [" you"], text_offset: [5] });
    expect(chunks[2]?.choices[0]?.logprobs).toBeNull();
  });
});

describe("citations in a legacy completion", () => {
  // Legacy Completions has no annotations (and no way to ask for a web search): citations are dropped.
  const events: GenerateEvent[] = [
    { type: "text-delta", candidate: 0, text: "Spain." },
    {
      type: "citations",
      candidate: 0,
      queries: ["q"],
      sources: ["https://a.example"],
      citations: [{ start: 0, end: 6, url: "https://a.example", title: "a" }],
    },
    { type: "finish", candidate: 0, reason: "stop" },
  ];

  it("are dropped, knowingly, from the JSON and the stream", async () => {
    const completion = await encodeCompletionJson(from(events), context);
    expect(completion.choices).toEqual([{ text: "Spain.", index: 0, logprobs: null, finish_reason: "stop" }]);
    expect(await frames(events)).toEqual([
      chunk(0, "Spain."),
      chunk(0, "", "stop"),
      expect.objectContaining({ choices: [] }),
      "[DONE]",
    ]);
  });
});

describe("code execution in a legacy completion", () => {
  // No way to ask for it, no place for it in `text`: the code and its output are dropped, the text kept.
  const events: GenerateEvent[] = [
    { type: "text-delta", candidate: 0, text: "Six times seven " },
    { type: "code-execution", candidate: 0, code: "print(6 * 7)" },
    { type: "code-execution-result", candidate: 0, outcome: "ok", output: "42\n" },
    { type: "text-delta", candidate: 0, text: "is 42." },
    { type: "finish", candidate: 0, reason: "stop" },
  ];

  it("is dropped, knowingly, from the JSON and the stream", async () => {
    const completion = await encodeCompletionJson(from(events), context);
    expect(completion.choices).toEqual([
      { text: "Six times seven is 42.", index: 0, logprobs: null, finish_reason: "stop" },
    ]);
    expect(await frames(events)).toEqual([
      chunk(0, "Six times seven "),
      chunk(0, "is 42."),
      chunk(0, "", "stop"),
      expect.objectContaining({ choices: [] }),
      "[DONE]",
    ]);
  });
});
