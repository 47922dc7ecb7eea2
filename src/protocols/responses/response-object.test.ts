import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseResponsesRequest } from "./decode-request.js";
import type { OutputItem } from "./output-types.js";
import { ResponseJson, type ResponseState, responseObject } from "./response-object.js";

// Text with what JSON escapes: quotes, backslashes, control characters, lone surrogates, emoji.
const text = fc.string({ unit: "binary", maxLength: 40 });

/** Request fields a client may send, each present or not. */
const requestFields = fc.record(
  {
    background: fc.boolean(),
    instructions: fc.oneof(text, fc.constant(null)),
    max_output_tokens: fc.integer({ min: 16, max: 100_000 }),
    metadata: fc.dictionary(fc.string({ maxLength: 8 }), text, { maxKeys: 3 }),
    previous_response_id: fc.constant("resp_prev"),
    prompt_cache_key: text,
    reasoning: fc.record({
      effort: fc.constantFrom("low", "high"),
      summary: fc.constantFrom("auto", "detailed"),
    }),
    store: fc.boolean(),
    temperature: fc.double({ min: 0, max: 2, noNaN: true }),
    text: fc.record({ verbosity: fc.constantFrom("low", "high") }),
    tool_choice: fc.constantFrom("auto", "none", "required"),
    tools: fc.array(
      fc.record({
        type: fc.constant("function"),
        name: fc.stringMatching(/^[a-z_]{1,12}$/),
        description: text,
        parameters: fc.constant({ type: "object", properties: { path: { type: "string" } } }),
      }),
      { maxLength: 3 },
    ),
    top_p: fc.double({ min: 0, max: 1, noNaN: true }),
    user: text,
  },
  { requiredKeys: [] },
);
/** The same, less what parsing refuses (refuse-unsupported.ts): a call forced without tools, background unstored. */
const acceptedFields = requestFields.filter(
  (fields) =>
    (fields.tool_choice !== "required" || (fields.tools?.length ?? 0) > 0) &&
    (fields.background !== true || fields.store !== false),
);

const output: OutputItem[] = [
  {
    id: "msg_1",
    type: "message",
    role: "assistant",
    status: "completed",
    content: [{ type: "output_text", text: 'say "hi"\n\\ 🙂', annotations: [], logprobs: [] }],
  },
];

const states = fc.record(
  {
    id: fc.constant("resp_1"),
    createdAt: fc.integer({ min: 0, max: 2_000_000_000 }),
    status: fc.constantFrom("in_progress", "completed", "incomplete", "failed"),
    completedAt: fc.integer({ min: 0, max: 2_000_000_000 }),
    output: fc.constantFrom([], output),
    usage: fc.record({
      inputTokens: fc.nat(),
      outputTokens: fc.nat(),
      reasoningTokens: fc.nat(),
      cachedTokens: fc.nat(),
    }),
    error: fc.record({ code: fc.constant("server_error"), message: text }),
    incompleteReason: fc.constantFrom("max_output_tokens", "content_filter"),
  },
  { requiredKeys: ["id", "createdAt", "status", "output"] },
) as fc.Arbitrary<ResponseState>;

describe("ResponseJson", () => {
  it("is byte for byte JSON.stringify of the Response object, whatever the request and the state", () => {
    fc.assert(
      fc.property(acceptedFields, states, (fields, state) => {
        const request = parseResponsesRequest({ model: "gemini-2.5-flash", input: "hi", ...fields });
        const object = responseObject(state, request);
        const json = new ResponseJson(request);
        expect(json.of(state)).toBe(JSON.stringify(object));
        const serialized = json.serialize(state);
        expect(serialized.whole).toBe(JSON.stringify(object));
        const { echo } = serialized;
        const apart = echo === undefined ? {} : { instructions: null, tools: [] };
        expect(serialized.stored).toBe(JSON.stringify({ ...object, output: null, ...apart }));
        if (echo !== undefined) {
          expect(JSON.parse(echo.instructions)).toEqual(object.instructions);
          expect(JSON.parse(echo.tools)).toEqual(object.tools);
        }
        expect(serialized.output).toBe(JSON.stringify(state.output));
      }),
    );
  });

  it("serialises the request's echo once, for every state of the response", () => {
    const request = parseResponsesRequest({
      model: "gemini-2.5-flash",
      input: "hi",
      instructions: "Be brief.",
    });
    const json = new ResponseJson(request);
    const first = json.of({ id: "resp_1", createdAt: 1, status: "in_progress", output: [] });
    // The echo is kept: the request changing afterwards does not show (nothing changes it in agate).
    request.instructions = "changed";
    const last = json.of({ id: "resp_1", createdAt: 1, status: "completed", output });
    expect(JSON.parse(first).instructions).toBe("Be brief.");
    expect(JSON.parse(last).instructions).toBe("Be brief.");
    expect(JSON.parse(last).output).toEqual(output);
  });

  it("echoes each request's own tools and instructions, when an agent sends them again alike or changed", () => {
    const instructions = `You are a coding agent. ${"Follow the rules. ".repeat(80)}`;
    const tool = (description: string) => ({
      type: "function",
      name: "read",
      description,
      parameters: { type: "object", properties: { path: { type: "string" } } },
    });
    const turns = [
      { instructions, tools: [tool("Reads a file.")] },
      { instructions, tools: [tool("Reads a file.")] },
      // The same schema with its keys in another order: echoed in that order.
      {
        instructions,
        tools: [
          {
            ...tool("Reads a file."),
            parameters: { properties: { path: { type: "string" } }, type: "object" },
          },
        ],
      },
      { instructions: `${instructions}!`, tools: [tool("Reads a file!")] },
      { instructions: null, tools: [] },
    ];
    for (const fields of turns) {
      const request = parseResponsesRequest({ model: "gemini-2.5-flash", input: "hi", ...fields });
      const state: ResponseState = { id: "resp_1", createdAt: 1, status: "completed", output };
      expect(new ResponseJson(request).of(state)).toBe(JSON.stringify(responseObject(state, request)));
    }
  });

  it("keeps a large echo apart for the store (1 KB of instructions and tools), a small one in the row", () => {
    const state: ResponseState = { id: "resp_1", createdAt: 1, status: "completed", output };
    const instructions = "Follow the rules. ".repeat(60);
    const large = parseResponsesRequest({ model: "gemini-2.5-flash", input: "hi", instructions });
    const serialized = new ResponseJson(large).serialize(state);
    const object = responseObject(state, large);
    expect(serialized.echo).toEqual({ instructions: JSON.stringify(instructions), tools: "[]" });
    expect(serialized.stored).toBe(
      JSON.stringify({ ...object, output: null, instructions: null, tools: [] }),
    );
    expect(serialized.whole).toBe(JSON.stringify(object));
    const small = parseResponsesRequest({
      model: "gemini-2.5-flash",
      input: "hi",
      instructions: "Be brief.",
    });
    const plain = new ResponseJson(small).serialize(state);
    expect(plain.echo).toBeUndefined();
    expect(plain.stored).toBe(JSON.stringify({ ...responseObject(state, small), output: null }));
  });
});

describe("responseObject: the echo", () => {
  const state: ResponseState = { id: "resp_1", createdAt: 1, status: "completed", output };

  it.each(["auto", "flex", "priority", undefined])(
    "service_tier %s → default: the tier that served it (Gemini is asked for none), as OpenAI reports",
    (tier) => {
      const request = parseResponsesRequest({ model: "m", input: "hi", service_tier: tier });
      expect(responseObject(state, request).service_tier).toBe("default");
    },
  );
});
