import { afterEach, describe, expect, it, vi } from "vitest";
import { AgateError } from "../../errors.js";
import type { GenerateEvent } from "../../hub/types.js";
import { parseResponsesRequest } from "./decode-request.js";
import type { ToolKind } from "./decode-tools.js";
import {
  encodeResponseJson,
  encodeResponseStream,
  type FinishedResponse,
  type ResponsesEncodeContext,
  responseEvents,
  responseOf,
  sseFrame,
} from "./encode.js";

const CREATED = 1_760_000_000;
const NOW_MS = 1_760_000_003_500;

function context(
  request: Record<string, unknown> = {},
  options: { tools?: Record<string, ToolKind>; includeEncrypted?: boolean; reasoningSummary?: boolean } = {},
): ResponsesEncodeContext {
  let counter = 0;
  return {
    id: "resp_test",
    createdAt: CREATED,
    now: () => NOW_MS,
    request: parseResponsesRequest({ model: "gpt-4o", input: "hi", ...request }),
    newItemId: (prefix) => `${prefix}_${++counter}`,
    tools: new Map(Object.entries(options.tools ?? {})),
    includeEncrypted: options.includeEncrypted ?? false,
    reasoningSummary: options.reasoningSummary ?? true,
  };
}

async function* from(events: GenerateEvent[], failAfter?: Error): AsyncGenerator<GenerateEvent> {
  yield* events;
  if (failAfter !== undefined) throw failAfter;
}

const toError = (error: unknown) =>
  error instanceof AgateError
    ? error
    : new AgateError(String(error), { status: 502, type: "server_error", code: "upstream_error" });

type Frame = { type: string; sequence_number: number } & Record<string, unknown>;

/** Runs the stream encoder; checks every frame is `event: <type>\ndata: <json>\n\n` with a matching type. */
async function stream(events: GenerateEvent[], ctx = context(), failAfter?: Error) {
  const frames: Frame[] = [];
  const finished: FinishedResponse[] = [];
  for await (const raw of encodeResponseStream(
    from(events, failAfter),
    ctx,
    toError,
    (done) => void finished.push(done),
  )) {
    const match = /^event: ([a-z_.]+)\ndata: ([^\n]*)\n\n$/.exec(raw);
    expect(match, raw).not.toBeNull();
    const data = JSON.parse(match?.[2] ?? "") as Frame;
    expect(data.type).toBe(match?.[1]);
    frames.push(data);
  }
  return { frames, types: frames.map((frame) => frame.type), finished };
}

const TERMINAL = new Set(["response.completed", "response.incomplete", "response.failed"]);
function expectOneTerminalLast(types: string[]) {
  expect(types.filter((type) => TERMINAL.has(type))).toHaveLength(1);
  expect(TERMINAL.has(types.at(-1) ?? "")).toBe(true);
}

const text = (value: string): GenerateEvent => ({ type: "text-delta", candidate: 0, text: value });
const finish = (
  reason: "stop" | "length" | "tool-calls" | "content-filter" | "other",
  raw: string,
): GenerateEvent => ({
  type: "finish",
  candidate: 0,
  reason,
  rawReason: raw,
});
const usage: GenerateEvent = {
  type: "usage",
  usage: { inputTokens: 12, outputTokens: 30, reasoningTokens: 8, cachedTokens: 4 },
};

/** Every field of the official Response object (OpenAI API reference / openai-node `Response`). */
const RESPONSE_FIELDS = [
  "background",
  "completed_at",
  "conversation",
  "created_at",
  "error",
  "id",
  "incomplete_details",
  "instructions",
  "max_output_tokens",
  "max_tool_calls",
  "metadata",
  "model",
  "object",
  "output",
  "parallel_tool_calls",
  "previous_response_id",
  "prompt",
  "prompt_cache_key",
  "reasoning",
  "safety_identifier",
  "service_tier",
  "status",
  "store",
  "temperature",
  "text",
  "tool_choice",
  "tools",
  "top_logprobs",
  "top_p",
  "truncation",
  "usage",
  "user",
];

describe("encodeResponseStream: framing and order", () => {
  it("text only: the exact event sequence, SSE frames, sequence_number from 0 without gaps", async () => {
    const { frames, types, finished } = await stream([
      text("Hel"),
      text("lo"),
      finish("stop", "STOP"),
      usage,
    ]);
    expect(types).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.content_part.added",
      "response.output_text.delta",
      "response.output_text.delta",
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
      "response.completed",
    ]);
    expect(frames.map((frame) => frame.sequence_number)).toEqual(frames.map((_, index) => index));
    expect(frames[0]?.response).toMatchObject({
      id: "resp_test",
      object: "response",
      status: "in_progress",
      output: [],
      usage: null,
      completed_at: null,
      error: null,
    });
    expect(frames[1]?.response).toMatchObject({ status: "in_progress" });
    const completed = frames.at(-1)?.response as Record<string, unknown>;
    expect(completed).toMatchObject({
      id: "resp_test",
      status: "completed",
      completed_at: Math.floor(NOW_MS / 1000),
      incomplete_details: null,
      error: null,
      output: [{ type: "message", status: "completed", content: [{ type: "output_text", text: "Hello" }] }],
      usage: {
        input_tokens: 12,
        input_tokens_details: { cached_tokens: 4 },
        output_tokens: 30,
        output_tokens_details: { reasoning_tokens: 8 },
        total_tokens: 42,
      },
    });
    expect(finished).toHaveLength(1);
    expect(finished[0]?.object).toEqual(completed);
  });

  it("reasoning then text: summary events, then the message; one terminal event", async () => {
    const { types } = await stream([
      { type: "reasoning-delta", candidate: 0, text: "**Plan** answer." },
      text("42"),
      finish("stop", "STOP"),
    ]);
    expect(types).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.reasoning_summary_part.added",
      "response.reasoning_summary_text.delta",
      "response.reasoning_summary_text.done",
      "response.reasoning_summary_part.done",
      "response.output_item.done",
      "response.output_item.added",
      "response.content_part.added",
      "response.output_text.delta",
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
      "response.completed",
    ]);
  });

  it("a function call: the call events, and the completed response holds the call", async () => {
    const { types, frames } = await stream(
      [
        {
          type: "tool-call",
          candidate: 0,
          id: "call_1",
          name: "github__search_issues",
          arguments: { query: "bug" },
        },
        finish("tool-calls", "STOP"),
      ],
      context(
        {},
        {
          tools: { github__search_issues: { kind: "function", name: "search_issues", namespace: "github" } },
        },
      ),
    );
    expect(types.slice(2)).toEqual([
      "response.output_item.added",
      "response.function_call_arguments.delta",
      "response.function_call_arguments.done",
      "response.output_item.done",
      "response.completed",
    ]);
    expect(frames.at(-1)?.response).toMatchObject({
      status: "completed",
      output: [{ type: "function_call", call_id: "call_1", name: "search_issues", namespace: "github" }],
    });
  });

  it("MAX_TOKENS → response.incomplete with incomplete_details.reason max_output_tokens", async () => {
    const { types, frames } = await stream([text("Once upon"), finish("length", "MAX_TOKENS"), usage]);
    expectOneTerminalLast(types);
    expect(types.at(-1)).toBe("response.incomplete");
    expect(frames.at(-1)?.response).toMatchObject({
      status: "incomplete",
      incomplete_details: { reason: "max_output_tokens" },
      error: null,
      output: [{ type: "message", status: "incomplete" }],
    });
  });

  it.each(["SAFETY", "PROHIBITED_CONTENT"])(
    "a content filter (%s) → response.incomplete, reason content_filter",
    async (raw) => {
      const { types, frames } = await stream([text("Part"), finish("content-filter", raw)]);
      expectOneTerminalLast(types);
      expect(frames.at(-1)).toMatchObject({
        type: "response.incomplete",
        response: {
          status: "incomplete",
          incomplete_details: { reason: "content_filter" },
          // The message cut short by the filter is incomplete too, as one cut by max_output_tokens is.
          output: [{ type: "message", status: "incomplete" }],
        },
      });
      expect(frames.find((frame) => frame.type === "response.output_item.done")?.item).toMatchObject({
        status: "incomplete",
      });
    },
  );

  it("a blocked prompt (no output at all) → response.incomplete, content_filter", async () => {
    const { types, frames } = await stream([finish("content-filter", "PROHIBITED_CONTENT")]);
    expect(types).toEqual(["response.created", "response.in_progress", "response.incomplete"]);
    expect(frames.at(-1)?.response).toMatchObject({
      output: [],
      incomplete_details: { reason: "content_filter" },
    });
  });

  it("an unusable finish (MALFORMED_FUNCTION_CALL) → exactly one response.failed with an error", async () => {
    const { types, frames } = await stream([finish("other", "MALFORMED_FUNCTION_CALL")]);
    expectOneTerminalLast(types);
    expect(frames.at(-1)).toMatchObject({
      type: "response.failed",
      response: { status: "failed", error: { code: "server_error" } },
    });
    const failed = frames.at(-1)?.response as { error?: { message?: string } } | undefined;
    expect(failed?.error?.message).toContain("MALFORMED_FUNCTION_CALL");
    expect(frames.at(-2)).toMatchObject({
      type: "error",
      code: "server_error",
      error: { type: "server_error", code: "server_error", message: failed?.error?.message, param: null },
    });
  });

  it("an error midway: `error` event, then response.failed, and nothing after", async () => {
    const failure = new AgateError("The upstream connection was reset.", {
      status: 502,
      type: "server_error",
      code: "upstream_error",
    });
    const { types, frames, finished } = await stream([text("Hel")], context(), failure);
    expect(types).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.content_part.added",
      "response.output_text.delta",
      "error",
      "response.failed",
    ]);
    // The documented fields, and the same error nested as OpenAI sends it (the openai SDKs raise on that).
    expect(frames.at(-2)).toEqual({
      type: "error",
      code: "upstream_error",
      message: "The upstream connection was reset.",
      param: null,
      error: {
        type: "server_error",
        code: "upstream_error",
        message: "The upstream connection was reset.",
        param: null,
      },
      sequence_number: 5,
    });
    expect(frames.at(-1)?.response).toMatchObject({
      id: "resp_test",
      status: "failed",
      error: { code: "upstream_error", message: "The upstream connection was reset." },
    });
    expect(frames.map((frame) => frame.sequence_number)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(finished).toHaveLength(1);
    expect(finished[0]?.state.status).toBe("failed");
  });

  it("a message cut by an error midway is `incomplete` in response.failed and in what is kept", async () => {
    const { frames, finished } = await stream([text("Hel")], context(), new Error("reset"));
    expect(frames.at(-1)?.response).toMatchObject({
      status: "failed",
      output: [{ type: "message", status: "incomplete", content: [{ text: "Hel" }] }],
    });
    expect(finished[0]?.object).toMatchObject({ output: [{ status: "incomplete" }] });
  });

  it("a message ended by an unusable finish is `incomplete`, in its output_item.done and the response", async () => {
    const { frames } = await stream([text("partial"), finish("other", "MALFORMED_FUNCTION_CALL")]);
    expect(frames.find((frame) => frame.type === "response.output_item.done")?.item).toMatchObject({
      status: "incomplete",
    });
    expect(frames.at(-1)).toMatchObject({
      type: "response.failed",
      response: { output: [{ type: "message", status: "incomplete" }] },
    });
  });

  it("a client that leaves mid-message: the response kept is incomplete, and so is its message", async () => {
    const finished: FinishedResponse[] = [];
    const source = responseEvents(
      from([text("Hel"), text("lo")]),
      context(),
      toError,
      (done) => void finished.push(done),
    );
    for await (const event of source) if (event.type === "response.output_text.delta") break;
    expect(finished).toHaveLength(1);
    expect(finished[0]?.object).toMatchObject({
      status: "incomplete",
      output: [{ type: "message", status: "incomplete" }],
    });
  });

  it("an `error` hub event before any output → error, then response.failed", async () => {
    const { types, frames } = await stream([{ type: "error", error: new Error("boom") }]);
    expect(types).toEqual(["response.created", "response.in_progress", "error", "response.failed"]);
    expect(frames[2]).toMatchObject({ code: "upstream_error", message: "Error: boom" });
  });

  it("every stream ends with exactly one terminal event", async () => {
    const scenarios: GenerateEvent[][] = [
      [text("a"), finish("stop", "STOP")],
      [text("a"), finish("length", "MAX_TOKENS")],
      [finish("other", "RECITATION_UNKNOWN")],
      [],
    ];
    for (const events of scenarios) expectOneTerminalLast((await stream(events)).types);
  });

  it("completed_at is null unless the response completed", async () => {
    const incomplete = await stream([text("a"), finish("length", "MAX_TOKENS")]);
    expect(incomplete.frames.at(-1)?.response).toMatchObject({ status: "incomplete", completed_at: null });
    const failed = await stream([text("a")], context(), new Error("reset"));
    expect(failed.frames.at(-1)?.response).toMatchObject({ status: "failed", completed_at: null });
  });

  it("holds the terminal event back until a save that onFinished returns settles, failed or not", async () => {
    for (const failAfter of [undefined, new Error("reset")]) {
      let commit = () => {};
      const committed = new Promise<void>((resolve) => {
        commit = resolve;
      });
      const events = failAfter === undefined ? [text("a"), finish("stop", "STOP")] : [text("a")];
      const source = responseEvents(from(events, failAfter), context(), toError, () => committed);
      const seen: string[] = [];
      const reading = (async () => {
        for await (const event of source) seen.push(event.type);
      })();
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(seen).toContain("response.output_text.delta");
      expect(seen.some((type) => TERMINAL.has(type))).toBe(false);
      commit();
      await reading;
      expectOneTerminalLast(seen);
    }
  });
});

describe("responseEvents: a save that fails", () => {
  it("ends the stream with an error event and response.failed (a full disk), never a cut", async () => {
    for (const failAfter of [undefined, new Error("reset")]) {
      const events = failAfter === undefined ? [text("a"), finish("stop", "STOP")] : [text("a")];
      const saves: string[] = [];
      const source = responseEvents(from(events, failAfter), context(), toError, (done) => {
        saves.push(done.state.status);
        return Promise.reject(new Error("database or disk is full"));
      });
      const seen: Frame[] = [];
      for await (const event of source) seen.push(event as Frame);
      const types = seen.map((event) => event.type);
      expectOneTerminalLast(types);
      expect(types.slice(-2)).toEqual(["error", "response.failed"]);
      expect(seen.at(-1)?.response).toMatchObject({ status: "failed" });
      expect(saves.at(-1)).toBe("failed");
    }
  });
});

describe("encodeResponseStream: each frame's bytes", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  // Quotes, escapes, line separators, an astral character and a lone surrogate: what JSON.stringify escapes.
  const awkward = [
    "plain",
    'say "hi" \\ back',
    "line\nbreak\ttab\r",
    "emoji 🎉 \u2028 \u2029",
    "lone \ud800 half",
    "<>&'",
  ];

  it("is `event: <type>`, then JSON.stringify of the event, for every event of a stream", async () => {
    const ctx = () => context({}, {});
    const events = [...awkward.map(text), finish("stop", "STOP"), usage];
    const expected: string[] = [];
    for await (const event of responseEvents(from(events), ctx(), toError, () => undefined))
      expected.push(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    const frames: string[] = [];
    for await (const frame of encodeResponseStream(from(events), ctx(), toError, () => undefined))
      frames.push(frame);
    expect(frames).toEqual(expected);
    expect(frames.filter((frame) => frame.startsWith("event: response.output_text.delta"))).toHaveLength(
      awkward.length,
    );
  });

  // A coding agent's request: its instructions and tools are echoed in every Response of the stream.
  const agentRequest = {
    instructions: `You are a "coding" agent.\n${"Follow the rules. ".repeat(50)}`,
    tools: [
      {
        type: "function",
        name: "read_file",
        description: 'Reads a "file" \\ 🙂',
        parameters: { type: "object" },
      },
    ],
    metadata: { ticket: "A-1" },
  };

  it("is JSON.stringify of the event for the lifecycle events too, with the request echoed, failed or not", async () => {
    for (const failAfter of [undefined, new Error("upstream went away")]) {
      const ctx = () => context(agentRequest);
      const events = failAfter === undefined ? [text("Hi"), finish("stop", "STOP"), usage] : [text("Hi")];
      const expected: string[] = [];
      for await (const event of responseEvents(from(events, failAfter), ctx(), toError, () => undefined))
        expected.push(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
      const frames: string[] = [];
      const finished: FinishedResponse[] = [];
      for await (const frame of encodeResponseStream(
        from(events, failAfter),
        ctx(),
        toError,
        (done) => void finished.push(done),
      ))
        frames.push(frame);
      expect(frames).toEqual(expected);
      expect(frames.at(-1)).toMatch(
        failAfter === undefined ? /^event: response.completed/ : /^event: response.failed/,
      );
      const [done] = finished;
      expect(done?.json.whole).toBe(JSON.stringify(done?.object));
      // This request's echo is large: the store keeps it apart, and the row without it.
      expect(done?.json.echo).toEqual({
        instructions: JSON.stringify(done?.object.instructions),
        tools: JSON.stringify(done?.object.tools),
      });
      expect(done?.json.stored).toBe(
        JSON.stringify({ ...done?.object, output: null, instructions: null, tools: [] }),
      );
      expect(done?.json.output).toBe(JSON.stringify(done?.object.output));
    }
  });

  it("serialises the request's echo once per stream, not once per Response in it", async () => {
    const stringify = vi.spyOn(JSON, "stringify");
    const frames: string[] = [];
    for await (const frame of encodeResponseStream(
      from([text("Hi"), finish("stop", "STOP"), usage]),
      context(agentRequest),
      toError,
      () => undefined,
    ))
      frames.push(frame);
    const echoes = stringify.mock.results.filter(
      (result) => typeof result.value === "string" && result.value.includes("Follow the rules."),
    );
    stringify.mockRestore();
    // response.created, response.in_progress, response.completed and the stored parts all carry it.
    expect(frames.filter((frame) => frame.includes("Follow the rules."))).toHaveLength(3);
    expect(echoes).toHaveLength(1);
  });

  /** A text delta as the builder makes it and `numbered` numbers it. */
  const textDelta = (fields: Record<string, unknown> = {}) => ({
    type: "response.output_text.delta",
    item_id: "msg_1",
    output_index: 0,
    content_index: 0,
    delta: "x",
    logprobs: [] as unknown[],
    sequence_number: 3,
    ...fields,
  });

  it("spells a text delta out without serialising the event object", () => {
    const delta = textDelta({ item_id: 'msg_"odd"', output_index: 2, delta: 'a "quoted"\nline' });
    const stringify = vi.spyOn(JSON, "stringify");
    const frame = sseFrame(delta);
    expect(stringify.mock.calls.some(([value]) => value === delta)).toBe(false);
    stringify.mockRestore();
    expect(frame).toBe(`event: response.output_text.delta\ndata: ${JSON.stringify(delta)}\n\n`);
  });

  it("serialises a text delta with anything else in it as it is", () => {
    const withLogprobs = textDelta({ logprobs: [{ token: "x", logprob: -0.1 }] });
    expect(sseFrame(withLogprobs)).toBe(
      `event: response.output_text.delta\ndata: ${JSON.stringify(withLogprobs)}\n\n`,
    );
  });
});

describe("encodeResponseJson: the Response object", () => {
  it("has every field of the official schema, defaults where the request said nothing", async () => {
    const { object, state } = await encodeResponseJson(
      from([text("Hi!"), finish("stop", "STOP"), usage]),
      context(),
    );
    expect(Object.keys(object).sort()).toEqual([...RESPONSE_FIELDS].sort());
    expect(object).toEqual({
      id: "resp_test",
      object: "response",
      created_at: CREATED,
      status: "completed",
      background: false,
      completed_at: Math.floor(NOW_MS / 1000),
      conversation: null,
      error: null,
      incomplete_details: null,
      instructions: null,
      max_output_tokens: null,
      max_tool_calls: null,
      metadata: {},
      model: "gpt-4o",
      output: [
        {
          type: "message",
          id: "msg_1",
          status: "completed",
          role: "assistant",
          phase: "final_answer",
          content: [{ type: "output_text", text: "Hi!", annotations: [], logprobs: [] }],
        },
      ],
      parallel_tool_calls: true,
      previous_response_id: null,
      prompt: null,
      prompt_cache_key: null,
      reasoning: { effort: null, summary: null },
      safety_identifier: null,
      service_tier: "default",
      store: true,
      temperature: 1,
      text: { format: { type: "text" }, verbosity: "medium" },
      tool_choice: "auto",
      tools: [],
      top_logprobs: 0,
      top_p: 1,
      truncation: "disabled",
      usage: {
        input_tokens: 12,
        input_tokens_details: { cached_tokens: 4 },
        output_tokens: 30,
        output_tokens_details: { reasoning_tokens: 8 },
        total_tokens: 42,
      },
      user: null,
    });
    expect(state.status).toBe("completed");
  });

  it("echoes the request's settings; model is the name the client asked for", async () => {
    const schema = { type: "object", properties: { a: { type: "string" } }, required: ["a"] };
    const { object } = await encodeResponseJson(
      from([text("{}"), finish("stop", "STOP")]),
      context({
        model: "gpt-5-codex",
        instructions: "Be brief.",
        max_output_tokens: 500,
        max_tool_calls: 4,
        metadata: { team: "a" },
        parallel_tool_calls: false,
        previous_response_id: "resp_prev",
        prompt_cache_key: "thread-1",
        reasoning: { effort: "high", summary: "auto" },
        safety_identifier: "user-hash",
        store: false,
        temperature: 0.3,
        text: { format: { type: "json_schema", name: "a", schema, strict: true }, verbosity: "low" },
        tool_choice: "required",
        top_p: 0.8,
        truncation: "auto",
        user: "u-1",
        tools: [
          { type: "function", name: "f", parameters: { type: "object" } },
          { type: "web_search", external_web_access: false },
        ],
      }),
    );
    expect(object).toMatchObject({
      model: "gpt-5-codex",
      instructions: "Be brief.",
      max_output_tokens: 500,
      max_tool_calls: 4,
      metadata: { team: "a" },
      parallel_tool_calls: false,
      previous_response_id: "resp_prev",
      prompt_cache_key: "thread-1",
      reasoning: { effort: "high", summary: "auto" },
      safety_identifier: "user-hash",
      store: false,
      temperature: 0.3,
      text: { format: { type: "json_schema", name: "a", schema, strict: true }, verbosity: "low" },
      tool_choice: "required",
      top_p: 0.8,
      truncation: "auto",
      user: "u-1",
      tools: [
        { type: "function", name: "f", parameters: { type: "object" }, strict: true },
        { type: "web_search", external_web_access: false },
      ],
    });
  });

  it("a function call with include reasoning.encrypted_content: reasoning carries the signature", async () => {
    const { object } = await encodeResponseJson(
      from([
        { type: "reasoning-delta", candidate: 0, text: "Need the weather.", signature: "c2lnLTE=" },
        { type: "tool-call", candidate: 0, id: "call_1", name: "get_weather", arguments: { city: "Paris" } },
        finish("tool-calls", "STOP"),
      ]),
      context({ include: ["reasoning.encrypted_content"] }, { includeEncrypted: true }),
    );
    expect(object.output).toEqual([
      {
        type: "reasoning",
        id: "rs_1",
        summary: [{ type: "summary_text", text: "Need the weather." }],
        encrypted_content: "c2lnLTE=",
      },
      {
        type: "function_call",
        id: "fc_2",
        call_id: "call_1",
        name: "get_weather",
        arguments: '{"city":"Paris"}',
        status: "completed",
      },
    ]);
  });

  it("MAX_TOKENS → status incomplete with the reason", async () => {
    const { object } = await encodeResponseJson(from([text("a"), finish("length", "MAX_TOKENS")]), context());
    expect(object).toMatchObject({
      status: "incomplete",
      incomplete_details: { reason: "max_output_tokens" },
    });
  });

  it("an upstream error propagates (nothing was sent yet)", async () => {
    await expect(encodeResponseJson(from([text("a")], new Error("reset")), context())).rejects.toThrow(
      "reset",
    );
  });

  it("no usage event → usage null", async () => {
    const { object } = await encodeResponseJson(from([text("a"), finish("stop", "STOP")]), context());
    expect(object.usage).toBeNull();
  });
});

describe("responseOf (an answer already read whole)", () => {
  const answer: GenerateEvent[] = [
    { type: "reasoning-delta", candidate: 0, text: "Check the city.", signature: "c2lnLTE=" },
    text("Paris: "),
    text("sunny."),
    { type: "tool-call", candidate: 0, id: "call_1", name: "get_weather", arguments: { city: "Paris" } },
    finish("tool-calls", "STOP"),
    usage,
  ];

  it("gives the same response as the stream encoder, without awaiting", async () => {
    const whole = responseOf(answer, context());
    expect(whole).not.toBeInstanceOf(Promise);
    expect(whole).toEqual(await encodeResponseJson(from(answer), context()));
    expect(whole.object).toMatchObject({
      status: "completed",
      completed_at: Math.floor(NOW_MS / 1000),
      usage: { input_tokens: 12, output_tokens: 30 },
    });
    expect((whole.object.output as { type: string }[]).map((item) => item.type)).toEqual([
      "reasoning",
      "message",
      "function_call",
    ]);
  });

  it("code runs whose output the client did not ask for: null in its response, kept for the store", async () => {
    const ran: GenerateEvent[] = [
      { type: "code-execution", candidate: 0, code: "print(6 * 7)" },
      { type: "code-execution-result", candidate: 0, outcome: "ok", output: "42\n" },
      text("42."),
      finish("stop", "STOP"),
    ];
    const whole = responseOf(ran, context());
    const shown = { type: "code_interpreter_call", id: "ci_1", status: "completed", outputs: null };
    expect(whole.object.output).toEqual([expect.objectContaining(shown), expect.anything()]);
    expect(JSON.parse(whole.json.whole).output).toEqual(whole.object.output);
    const kept = { ...(whole.object.output as object[])[0], agate_outputs: [{ type: "logs", logs: "42\n" }] };
    expect(whole.storedOutput).toEqual([kept, (whole.object.output as object[])[1]]);
    expect(JSON.parse(whole.json.output)).toEqual(whole.storedOutput);
    // Asked for, they are in the response itself: nothing more to keep.
    const asked = responseOf(ran, { ...context(), includeCodeOutputs: true });
    expect(asked.storedOutput).toBeUndefined();
    expect(JSON.parse(asked.json.output)).toEqual(asked.object.output);
    const streamed: FinishedResponse[] = [];
    for await (const _ of responseEvents(from(ran), context(), toError, (done) => void streamed.push(done)));
    expect(streamed[0]?.storedOutput).toEqual(whole.storedOutput);
  });

  it("an `error` event in the answer is thrown, as the stream encoder throws it", async () => {
    const failure = new AgateError("quota", { status: 429, type: "rate_limit_error", code: "quota" });
    const failed: GenerateEvent[] = [text("a"), { type: "error", error: failure }];
    expect(() => responseOf(failed, context())).toThrow(failure);
    await expect(encodeResponseJson(from(failed), context())).rejects.toThrow(failure);
  });
});
