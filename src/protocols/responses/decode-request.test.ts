import { describe, expect, it } from "vitest";
import { AgateError } from "../../errors.js";
import {
  type DecodedResponsesRequest,
  decodeResponsesRequest,
  parseResponsesRequest,
  type ResponsesDecodeContext,
} from "./decode-request.js";
import { type InputItem, inputItemSchema } from "./request-schema.js";

const noStore: ResponsesDecodeContext = { history: [], resolveItem: () => undefined };

function decode(
  body: Record<string, unknown>,
  context: ResponsesDecodeContext = noStore,
): DecodedResponsesRequest {
  return decodeResponsesRequest(parseResponsesRequest({ model: "gpt-4o", ...body }), context);
}

function errorOf(run: () => unknown): AgateError {
  try {
    run();
  } catch (error) {
    if (error instanceof AgateError) return error;
    throw error;
  }
  throw new Error("expected a 400");
}

const item = (raw: unknown): InputItem => inputItemSchema.parse(raw);

describe("decodeResponsesRequest: input and instructions", () => {
  it("a string input is one user turn; the model is the client's name; not streaming by default", () => {
    const { generate, input } = decode({ input: "Tell me a joke" });
    expect(generate).toEqual({
      requestedModel: "gpt-4o",
      model: "gpt-4o",
      turns: [{ role: "user", parts: [{ type: "text", text: "Tell me a joke" }] }],
      settings: {},
      stream: false,
    });
    expect(input).toEqual([{ role: "user", content: "Tell me a joke" }]);
  });

  it("`instructions` come first, then system/developer messages, joined by a blank line", () => {
    const { generate } = decode({
      instructions: "You are Codex, a coding agent.",
      input: [
        {
          type: "message",
          role: "developer",
          content: [{ type: "input_text", text: "Sandbox: read-only." }],
        },
        { role: "system", content: "Reply in English." },
        { role: "user", content: "hi" },
      ],
    });
    expect(generate.system).toBe(
      "You are Codex, a coding agent.\n\nSandbox: read-only.\n\nReply in English.",
    );
    expect(generate.turns).toHaveLength(1);
  });

  it("no instructions and no system messages → no system text", () => {
    expect(decode({ input: "hi", instructions: null }).generate.system).toBeUndefined();
  });

  it("parallel_tool_calls: false asks for one call at most; true says nothing", () => {
    expect(decode({ input: "hi", parallel_tool_calls: false }).generate.parallelToolCalls).toBe(false);
    expect(decode({ input: "hi", parallel_tool_calls: true }).generate.parallelToolCalls).toBeUndefined();
  });

  it("stream: true is carried", () => {
    expect(decode({ input: "hi", stream: true }).generate.stream).toBe(true);
  });

  it('an empty message (input: "") is answered as one empty user turn, as OpenAI answers it', () => {
    const empty = [{ role: "user", parts: [{ type: "text", text: "" }] }];
    const inputs = [
      "",
      [{ role: "user", content: "" }],
      [{ role: "user", content: [] }],
      [{ type: "message", role: "user", content: "" }],
    ];
    for (const input of inputs) {
      expect(decode({ input }).generate.turns).toEqual(empty);
    }
    const instructed = decode({ instructions: "Say hi.", input: "" }).generate;
    expect(instructed.system).toBe("Say hi.");
    expect(instructed.turns).toEqual(empty);
  });

  it("an input that holds no message → 400 naming input", () => {
    for (const input of [[], [{ type: "reasoning", summary: [] }]]) {
      const error = errorOf(() => decode({ input }));
      expect(error.status).toBe(400);
      expect(error.param).toBe("input");
    }
    expect(errorOf(() => decode({})).param).toBe("input");
    // Instructions are not input: the API wants some.
    expect(errorOf(() => decode({ instructions: "Say hi.", input: [] })).param).toBe("input");
  });

  it("an input of only developer or system messages is answered, their text kept as the system text", () => {
    const { generate } = decode({
      instructions: "Be brief.",
      input: [{ role: "developer", content: [{ type: "input_text", text: "Write a haiku." }] }],
    });
    expect(generate.system).toBe("Be brief.\n\nWrite a haiku.");
    expect(generate.turns).toEqual([]);
  });

  it("unknown fields (Codex's client_metadata, context_management...) are ignored", () => {
    const { generate } = decode({
      input: "hi",
      client_metadata: { thread_id: "t1" },
      context_management: [{ type: "compaction", compact_threshold: 1000 }],
      background: false,
      service_tier: "auto",
      truncation: "auto",
    });
    expect(generate.turns).toHaveLength(1);
  });
});

describe("decodeResponsesRequest: settings", () => {
  it("max_output_tokens, temperature and top_p", () => {
    expect(
      decode({ input: "hi", max_output_tokens: 256, temperature: 0.2, top_p: 0.9 }).generate.settings,
    ).toEqual({
      maxOutputTokens: 256,
      temperature: 0.2,
      topP: 0.9,
    });
  });

  it("include message.output_text.logprobs asks for log probabilities, top_logprobs for alternatives", () => {
    const include = ["message.output_text.logprobs"];
    expect(decode({ input: "hi", include, top_logprobs: 3 }).generate.settings).toEqual({
      logprobs: true,
      topLogprobs: 3,
    });
    expect(decode({ input: "hi", include }).generate.settings).toEqual({ logprobs: true });
    expect(decode({ input: "hi", top_logprobs: 3 }).generate.settings).toEqual({});
  });

  it.each([
    ["none", "minimal"],
    ["max", "high"],
  ])("reasoning.effort %s → reasoningEffort %s (reasoning-effort.ts maps them all)", (effort, expected) => {
    expect(decode({ input: "hi", reasoning: { effort } }).generate.settings.reasoningEffort).toBe(expected);
  });

  it.each(["auto", "concise", "detailed"])("reasoning.summary %s asks for the thoughts", (summary) => {
    const settings = decode({ input: "hi", reasoning: { effort: "medium", summary } }).generate.settings;
    expect(settings.includeReasoning).toBe(true);
    expect(settings.reasoningEffort).toBe("medium");
  });

  it("an effort without a summary asks for no thoughts (OpenAI answers with summary: [])", () => {
    const settings = decode({ input: "hi", reasoning: { effort: "high", summary: null } }).generate.settings;
    expect(settings).toEqual({ reasoningEffort: "high", includeReasoning: false });
  });

  it("effort none asks for no thoughts, even with a summary (Gemini 3 thinks all the same: none are shown)", () => {
    const settings = decode({ input: "hi", reasoning: { effort: "none", summary: "auto" } }).generate
      .settings;
    expect(settings).toEqual({ reasoningEffort: "minimal", includeReasoning: false });
  });

  it("a summary without an effort asks for the thoughts, at the model's own thinking level", () => {
    const settings = decode({ input: "hi", reasoning: { summary: "detailed" } }).generate.settings;
    expect(settings).toEqual({ includeReasoning: true });
  });

  it("no reasoning → no reasoning settings", () => {
    const settings = decode({ input: "hi", reasoning: null }).generate.settings;
    expect(settings.reasoningEffort).toBeUndefined();
    expect(settings.includeReasoning).toBeUndefined();
  });

  it("LangChain's `text: {}` and a text-only verbosity are fine and set no format", () => {
    expect(decode({ input: "hi", text: {} }).generate.settings.responseFormat).toBeUndefined();
    expect(
      decode({ input: "hi", text: { verbosity: "low" } }).generate.settings.responseFormat,
    ).toBeUndefined();
    expect(
      decode({ input: "hi", text: { format: { type: "text" } } }).generate.settings.responseFormat,
    ).toBeUndefined();
  });

  it("text.format json_object and json_schema", () => {
    expect(
      decode({ input: "hi", text: { format: { type: "json_object" } } }).generate.settings.responseFormat,
    ).toEqual({ type: "json" });
    const schema = { type: "object", properties: { name: { type: "string" } }, required: ["name"] };
    expect(
      decode({ input: "hi", text: { format: { type: "json_schema", name: "person", strict: true, schema } } })
        .generate.settings.responseFormat,
    ).toEqual({ type: "json-schema", name: "person", schema });
  });

  it("tools and tool_choice reach the GenerateRequest", () => {
    const { generate, tools } = decode({
      input: "weather?",
      tools: [{ type: "function", name: "get_weather", parameters: { type: "object" } }],
      tool_choice: "required",
    });
    expect(generate.tools).toEqual([{ name: "get_weather", parameters: { type: "object" } }]);
    expect(generate.toolChoice).toEqual({ type: "required" });
    expect(tools.kinds.get("get_weather")).toEqual({ kind: "function", name: "get_weather" });
  });

  it("session key: prompt_cache_key, else the session-id header, else safety_identifier, else user", () => {
    const header = { ...noStore, sessionHeader: "sess-header" };
    expect(decode({ input: "hi", prompt_cache_key: "pck", user: "u" }, header).generate.sessionKey).toBe(
      "pck",
    );
    expect(decode({ input: "hi", user: "u" }, header).generate.sessionKey).toBe("sess-header");
    expect(decode({ input: "hi", safety_identifier: "sid", user: "u" }).generate.sessionKey).toBe("sid");
    expect(decode({ input: "hi", user: "u" }).generate.sessionKey).toBe("u");
    expect(decode({ input: "hi" }).generate.sessionKey).toBeUndefined();
  });
});

describe("decodeResponsesRequest: history and references", () => {
  const history: InputItem[] = [
    item({
      type: "message",
      id: "msg_in1",
      role: "user",
      content: [{ type: "input_text", text: "Weather in Paris?" }],
    }),
    item({
      type: "function_call",
      id: "fc_1",
      call_id: "call_1",
      name: "get_weather",
      arguments: '{"city":"Paris"}',
      status: "completed",
    }),
  ];

  it("history items (previous_response_id) come before the input; an output may answer a call in history", () => {
    const { generate, input } = decode(
      {
        previous_response_id: "resp_1",
        input: [{ type: "function_call_output", call_id: "call_1", output: "sunny" }],
      },
      { ...noStore, history },
    );
    expect(generate.turns.map((turn) => turn.role)).toEqual(["user", "assistant", "tool"]);
    expect(generate.turns[2]?.parts[0]).toMatchObject({
      type: "tool-result",
      callId: "call_1",
      name: "get_weather",
    });
    expect(input).toHaveLength(1);
  });

  it("a call from the previous response left without output in the new input → 400 naming input and the call", () => {
    const error = errorOf(() =>
      decode({ previous_response_id: "resp_1", input: "and now?" }, { ...noStore, history }),
    );
    expect(error.status).toBe(400);
    expect(error.param).toBe("input");
    expect(error.message).toMatch(/^No tool output found for function call call_1\. /);
  });

  it("errors in this request's own input are counted from its first item, not from the history", () => {
    const error = errorOf(() =>
      decode(
        {
          input: [
            { role: "user", content: "x" },
            { type: "function_call_output", call_id: "nope", output: "" },
          ],
        },
        { ...noStore, history },
      ),
    );
    expect(error.param).toBe("input[1].call_id");
  });

  it("an error inside the history names previous_response_id", () => {
    const broken = [item({ type: "function_call_output", call_id: "call_gone", output: "x" })];
    const error = errorOf(() =>
      decode({ previous_response_id: "resp_1", input: "and now?" }, { ...noStore, history: broken }),
    );
    expect(error.status).toBe(400);
    expect(error.param).toBe("previous_response_id");
  });

  it("a grounded answer's output resent as input (stateless clients): its web_search_call is skipped", () => {
    const { generate } = decode({
      input: [
        { role: "user", content: "Who won Euro 2024?" },
        {
          type: "web_search_call",
          id: "ws_abc_0",
          status: "completed",
          action: { type: "search", query: "Euro 2024 winner", queries: ["Euro 2024 winner"] },
        },
        {
          type: "message",
          id: "msg_abc_1",
          role: "assistant",
          status: "completed",
          content: [
            {
              type: "output_text",
              text: "Spain.",
              annotations: [
                { type: "url_citation", start_index: 0, end_index: 6, url: "https://a.example", title: "a" },
              ],
            },
          ],
        },
        { role: "user", content: "And the final's venue?" },
      ],
    });
    expect(generate.turns).toEqual([
      { role: "user", parts: [{ type: "text", text: "Who won Euro 2024?" }] },
      { role: "assistant", parts: [{ type: "text", text: "Spain.", signatureKey: "msg_abc_1" }] },
      { role: "user", parts: [{ type: "text", text: "And the final's venue?" }] },
    ]);
  });

  it("an item_reference is resolved by the context and kept resolved in `input`", () => {
    const stored = item({
      type: "message",
      id: "msg_out1",
      role: "assistant",
      status: "completed",
      content: [{ type: "output_text", text: "It is sunny.", annotations: [] }],
    });
    const { generate, input } = decode(
      {
        input: [
          { role: "user", content: "hi" },
          { type: "item_reference", id: "msg_out1" },
          { role: "user", content: "thanks" },
        ],
      },
      { ...noStore, resolveItem: (id) => (id === "msg_out1" ? stored : undefined) },
    );
    expect(generate.turns.map((turn) => turn.role)).toEqual(["user", "assistant", "user"]);
    expect(generate.turns[1]?.parts).toEqual([
      { type: "text", text: "It is sunny.", signatureKey: "msg_out1" },
    ]);
    expect(input[1]).toBe(stored);
  });

  it("an unknown item_reference → 400 naming input[i].id", () => {
    const error = errorOf(() =>
      decode({
        input: [
          { role: "user", content: "hi" },
          { type: "item_reference", id: "fc_unknown" },
        ],
      }),
    );
    expect(error.status).toBe(400);
    expect(error.param).toBe("input[1].id");
  });

  describe("two items with one id are refused, as OpenAI refuses them (400 naming input)", () => {
    const duplicate = (id: string) =>
      `Duplicate item found with id ${id}. Remove duplicate items from your input and try again.`;
    const expectDuplicate = (run: () => unknown, id: string) =>
      expect(errorOf(run)).toMatchObject({ status: 400, param: "input", code: null, message: duplicate(id) });

    it("twice in the input", () => {
      expectDuplicate(
        () =>
          decode({
            input: [
              { type: "message", id: "msg_1", role: "user", content: "hi" },
              { type: "message", id: "msg_2", role: "user", content: "again" },
              { type: "message", id: "msg_1", role: "user", content: "hi again" },
            ],
          }),
        "msg_1",
      );
    });

    it("in the input and in the conversation behind previous_response_id", () => {
      expectDuplicate(
        () =>
          decode(
            {
              previous_response_id: "resp_1",
              input: [
                { type: "message", id: "msg_in1", role: "user", content: "Weather in Paris?" },
                { type: "function_call_output", call_id: "call_1", output: "sunny" },
              ],
            },
            { ...noStore, history },
          ),
        "msg_in1",
      );
    });

    it("an item_reference to an item the input holds too, or two to one item", () => {
      const stored = item({ type: "message", id: "msg_out1", role: "assistant", content: "ok" });
      const resolveItem = (id: string) => (id === "msg_out1" ? stored : undefined);
      expectDuplicate(
        () =>
          decode(
            {
              input: [
                { role: "user", content: "hi" },
                { type: "item_reference", id: "msg_out1" },
                { id: "msg_out1" },
              ],
            },
            { ...noStore, resolveItem },
          ),
        "msg_out1",
      );
    });

    it("control: items without ids, and distinct ids, are fine", () => {
      const { input } = decode({
        input: [
          { role: "user", content: "hi" },
          { role: "user", content: "hi" },
          { type: "message", id: "msg_1", role: "user", content: "one" },
          { type: "message", id: "msg_2", role: "user", content: "two" },
        ],
      });
      expect(input).toHaveLength(4);
    });
  });

  it("an item_reference without `type` (allowed by the SDK types) resolves too", () => {
    const stored = item({
      type: "message",
      role: "assistant",
      content: [{ type: "output_text", text: "ok" }],
    });
    const { generate } = decode(
      { input: [{ role: "user", content: "hi" }, { id: "msg_out1" }] },
      { ...noStore, resolveItem: (id) => (id === "msg_out1" ? stored : undefined) },
    );
    expect(generate.turns.map((turn) => turn.role)).toEqual(["user", "assistant"]);
  });
});

describe("parseResponsesRequest: OpenAI's limits, refused with its messages, params and codes", () => {
  const refused = (body: Record<string, unknown>) =>
    errorOf(() => parseResponsesRequest({ model: "gpt-4o", input: "hi", ...body }));
  const pairs = (count: number) =>
    Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, "v"]));

  it("max_output_tokens below 16", () => {
    for (const [value, shown] of [
      [15, "15"],
      [0, "0"],
      [-3, "-3"],
    ] as const) {
      expect(refused({ max_output_tokens: value })).toMatchObject({
        status: 400,
        param: "max_output_tokens",
        code: "integer_below_min_value",
        message: `Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16, but got ${shown} instead.`,
      });
    }
  });

  it("metadata: more than 16 pairs", () => {
    expect(refused({ metadata: pairs(17) })).toMatchObject({
      status: 400,
      param: "metadata",
      code: "object_above_max_properties",
      message:
        "Invalid 'metadata': too many properties. Expected an object with at most 16 properties, but got an object with 17 properties instead.",
    });
  });

  it("metadata: a key longer than 64 characters", () => {
    const key = "k".repeat(65);
    expect(refused({ metadata: { team: "a", [key]: "v" } })).toMatchObject({
      status: 400,
      param: `metadata.${key}`,
      code: "property_name_above_max_length",
      message: `Invalid property name in 'metadata': '${key}' is too long. Expected a string with maximum length 64, but got a string with length 65 instead.`,
    });
  });

  it("metadata: a value longer than 512 characters", () => {
    expect(refused({ metadata: { team: "a", note: "x".repeat(600) } })).toMatchObject({
      status: 400,
      param: "metadata.note",
      code: "string_above_max_length",
      message:
        "Invalid 'metadata.note': string too long. Expected a string with maximum length 512, but got a string with length 600 instead.",
    });
  });

  it("control: 16 pairs, a 64-character key, a 512-character value (characters, not UTF-16 units), max_output_tokens 16", () => {
    const body = parseResponsesRequest({
      model: "gpt-4o",
      input: "hi",
      max_output_tokens: 16,
      metadata: { ...pairs(15), ["é".repeat(64)]: "😀".repeat(512) },
    });
    expect(Object.keys(body.metadata ?? {})).toHaveLength(16);
    expect(parseResponsesRequest({ model: "gpt-4o", input: "hi", metadata: null }).metadata).toBeNull();
  });
});

describe("parseResponsesRequest: bad values → 400 naming the param", () => {
  it.each([
    [{ input: "hi" }, "model"],
    [{ model: 4, input: "hi" }, "model"],
    [{ model: "gpt-4o", input: 5 }, "input"],
    [{ model: "gpt-4o", input: "hi", max_output_tokens: "100" }, "max_output_tokens"],
    [{ model: "gpt-4o", input: "hi", max_output_tokens: 0 }, "max_output_tokens"],
    [{ model: "gpt-4o", input: "hi", max_output_tokens: 1.5 }, "max_output_tokens"],
    [{ model: "gpt-4o", input: "hi", temperature: 3 }, "temperature"],
    [{ model: "gpt-4o", input: "hi", top_p: -0.1 }, "top_p"],
    [{ model: "gpt-4o", input: "hi", reasoning: { effort: "extreme" } }, "reasoning.effort"],
    [{ model: "gpt-4o", input: "hi", reasoning: { summary: "verbose" } }, "reasoning.summary"],
    [{ model: "gpt-4o", input: "hi", metadata: { team: 1 } }, "metadata.team"],
    [{ model: "gpt-4o", input: "hi", store: "yes" }, "store"],
    [{ model: "gpt-4o", input: "hi", include: "reasoning.encrypted_content" }, "include"],
    [
      { model: "gpt-4o", input: "hi", text: { format: { type: "json_schema", name: "x" } } },
      "text.format.schema",
    ],
  ])("%j → %s", (body, param) => {
    const error = errorOf(() => parseResponsesRequest(body));
    expect(error.status).toBe(400);
    expect(error.type).toBe("invalid_request_error");
    expect(error.param).toBe(param);
  });

  it.each([
    [
      [
        { role: "user", content: "x" },
        { type: "function_call", call_id: "c1", name: "f", arguments: "{}" },
        { type: "function_call_output", call_id: 42, output: "x" },
      ],
      "input[2].call_id",
    ],
    [
      [{ type: "function_call", call_id: "c1", name: "f", arguments: { city: "Paris" } }],
      "input[0].arguments",
    ],
    [[{ type: "function_call_output", output: "x" }], "input[0].call_id"],
    [[{ role: "tool", content: "x" }], "input[0].role"],
    [[{ role: "assistant", phase: "final", content: "x" }], "input[0].phase"],
  ])("a bad field in an input item %j → %s", (input, param) => {
    const error = errorOf(() => parseResponsesRequest({ model: "gpt-4o", input }));
    expect(error.status).toBe(400);
    expect(error.param).toBe(param);
  });

  it("truncation: auto and disabled (echoed as given) are fine; another value → 400 naming truncation", () => {
    for (const truncation of ["auto", "disabled", null]) {
      expect(() => parseResponsesRequest({ model: "gpt-4o", input: "hi", truncation })).not.toThrow();
    }
    const error = errorOf(() => parseResponsesRequest({ model: "gpt-4o", input: "hi", truncation: "last" }));
    expect(error.status).toBe(400);
    expect(error.param).toBe("truncation");
  });

  it("a bad input item is still a 400", () => {
    const error = errorOf(() =>
      parseResponsesRequest({
        model: "gpt-4o",
        input: [{ type: "function_call_output", call_id: 42, output: "x" }],
      }),
    );
    expect(error.status).toBe(400);
    expect(error.type).toBe("invalid_request_error");
  });
});

describe("parseResponsesRequest: what agate cannot honour is refused, naming the param", () => {
  const refused = (body: Record<string, unknown>) =>
    errorOf(() => parseResponsesRequest({ model: "gpt-4o", input: "hi", ...body }));

  it.each([
    [{ tool_choice: "required" }, "tool_choice"],
    [{ tool_choice: "required", tools: [] }, "tool_choice"],
    [{ tool_choice: { type: "function", name: "get_weather" } }, "tool_choice"],
    [{ conversation: "conv_123" }, "conversation"],
    [{ conversation: { id: "conv_123" } }, "conversation"],
    [{ prompt: { id: "pmpt_123", version: "2" } }, "prompt"],
  ])("%j → 400 naming %s", (body, param) => {
    const error = refused(body);
    expect(error.status).toBe(400);
    expect(error.param).toBe(param);
  });

  it("says why: no conversations, no stored prompts, tools needed", () => {
    expect(refused({ conversation: "conv_1" }).message).toMatch(/does not serve conversations/);
    expect(refused({ prompt: { id: "pmpt_1" } }).message).toMatch(/does not serve stored prompts/);
    expect(refused({ tool_choice: "required" }).message).toMatch(/needs 'tools'/);
  });

  it("control: null conversation and prompt, auto or none without tools, required with tools are fine", () => {
    for (const body of [
      { conversation: null, prompt: null },
      { tool_choice: "auto" },
      { tool_choice: "none" },
      { tool_choice: "required", tools: [{ type: "function", name: "f" }] },
    ]) {
      expect(() => parseResponsesRequest({ model: "gpt-4o", input: "hi", ...body })).not.toThrow();
    }
  });
});
