import fc from "fast-check";

/**
 * Generated malformed and hostile request bodies for the POST routes (issue 6 §2): a valid body of the route
 * with one or more fields set to a hostile value (wrong types at every field, huge strings, deep nesting,
 * unknown roles, invalid base64, local paths, 10,000 messages, invalid UTF-8, prototype-pollution keys), or a
 * body that is not a JSON object at all.
 */

export type PostRoute = "chat" | "completions" | "responses" | "compact";

export const ROUTE_PATHS: Readonly<Record<PostRoute, string>> = {
  chat: "/v1/chat/completions",
  completions: "/v1/completions",
  responses: "/v1/responses",
  compact: "/v1/responses/compact",
};

export interface HostileCase {
  /** What was done, for the failure message. */
  label: string;
  payload: string | Buffer;
  /**
   * The top-level fields the mutations touched, when the body is a JSON object the parser accepts (no
   * prototype-pollution key): a 400 must then name one of them in `param`. Undefined otherwise.
   */
  mutatedRoots: string[] | undefined;
}

const MODEL = "gemini-2.5-flash";

/** Valid bodies of each route, so that every field path below exists in at least one of them. */
const BASES: Readonly<Record<PostRoute, readonly Record<string, unknown>[]>> = {
  chat: [
    { model: MODEL, messages: [{ role: "user", content: "hi" }] },
    {
      model: MODEL,
      stream: true,
      stream_options: { include_usage: true },
      messages: [
        { role: "system", content: "be brief" },
        {
          role: "user",
          content: [
            { type: "text", text: "look" },
            { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
          ],
        },
      ],
    },
    {
      model: MODEL,
      messages: [
        { role: "user", content: "weather?" },
        {
          role: "assistant",
          content: null,
          tool_calls: [{ id: "call_1", type: "function", function: { name: "get", arguments: "{}" } }],
        },
        { role: "tool", tool_call_id: "call_1", content: "sunny" },
      ],
      tools: [
        { type: "function", function: { name: "get", parameters: { type: "object", properties: {} } } },
      ],
      tool_choice: "auto",
      response_format: { type: "json_schema", json_schema: { name: "r", schema: { type: "object" } } },
    },
  ],
  completions: [
    { model: MODEL, prompt: "once upon a time" },
    { model: MODEL, prompt: ["a", "b"], stream: true, max_tokens: 5, stop: ["\n"] },
  ],
  responses: [
    { model: MODEL, input: "hi" },
    {
      model: MODEL,
      stream: true,
      instructions: "be brief",
      input: [{ role: "user", content: [{ type: "input_text", text: "hi" }] }],
      text: { format: { type: "json_schema", name: "r", schema: { type: "object" } } },
      reasoning: { effort: "low" },
    },
    {
      model: MODEL,
      store: false,
      input: [
        { role: "user", content: "weather?" },
        { type: "function_call", call_id: "c1", name: "get", arguments: "{}" },
        { type: "function_call_output", call_id: "c1", output: "sunny" },
      ],
      tools: [{ type: "function", name: "get", parameters: { type: "object", properties: {} } }],
    },
  ],
  compact: [
    { model: MODEL, input: [{ role: "user", content: "summarise this conversation" }] },
    {
      model: MODEL,
      instructions: "be brief",
      input: [
        { role: "user", content: [{ type: "input_text", text: "hi" }] },
        { role: "assistant", content: [{ type: "output_text", text: "hello" }] },
      ],
    },
  ],
};

/** Field paths worth breaking, per route (indices into the base bodies' arrays; missing parents are made). */
const FIELD_PATHS: Readonly<Record<PostRoute, readonly string[]>> = {
  chat: [
    "model",
    "messages",
    "messages.0",
    "messages.0.role",
    "messages.0.content",
    "messages.0.name",
    "messages.1",
    "messages.1.content",
    "messages.1.content.0",
    "messages.1.content.1.type",
    "messages.1.content.1.image_url",
    "messages.1.content.1.image_url.url",
    "messages.1.tool_calls",
    "messages.1.tool_calls.0.function.arguments",
    "messages.2.tool_call_id",
    "tools",
    "tools.0",
    "tools.0.function.name",
    "tools.0.function.parameters",
    "tool_choice",
    "stream",
    "stream_options",
    "stream_options.include_usage",
    "temperature",
    "top_p",
    "max_tokens",
    "max_completion_tokens",
    "stop",
    "n",
    "seed",
    "presence_penalty",
    "frequency_penalty",
    "logprobs",
    "top_logprobs",
    "response_format",
    "response_format.json_schema.schema",
    "reasoning_effort",
    "user",
    "prompt_cache_key",
    "parallel_tool_calls",
  ],
  completions: [
    "model",
    "prompt",
    "prompt.0",
    "suffix",
    "echo",
    "best_of",
    "logprobs",
    "stream",
    "stream_options",
    "max_tokens",
    "temperature",
    "top_p",
    "stop",
    "n",
    "seed",
    "presence_penalty",
    "frequency_penalty",
    "reasoning_effort",
    "user",
    "prompt_cache_key",
  ],
  responses: [
    "model",
    "input",
    "input.0",
    "input.0.role",
    "input.0.content",
    "input.0.content.0",
    "input.0.content.0.type",
    "input.0.content.0.image_url",
    "input.0.type",
    "input.1",
    "input.1.call_id",
    "input.1.arguments",
    "input.2.output",
    "instructions",
    "tools",
    "tools.0",
    "tools.0.type",
    "tools.0.name",
    "tools.0.parameters",
    "tool_choice",
    "text",
    "text.format",
    "text.format.schema",
    "reasoning",
    "reasoning.effort",
    "max_output_tokens",
    "temperature",
    "top_p",
    "parallel_tool_calls",
    "store",
    "stream",
    "previous_response_id",
    "metadata",
    "include",
    "prompt_cache_key",
    "user",
    "top_logprobs",
    "max_tool_calls",
  ],
  compact: [
    "model",
    "input",
    "input.0",
    "input.0.role",
    "input.0.content",
    "input.0.content.0",
    "input.0.content.0.type",
    "input.1",
    "input.1.content.0.text",
    "instructions",
    "previous_response_id",
    "tools",
    "reasoning",
    "text",
  ],
};

/** Placeholders replaced in the JSON text (JSON.stringify cannot build these). */
const DEEP = "@@deep@@";
const PROTO_KEY = "@@proto@@";
const BAD_UTF8 = "@@bad-utf8@@";

const scalar = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: "binary", maxLength: 12 }),
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "\ud800",
    "\u202e",
    "NaN",
    "-1",
    "1e309",
    "<script>",
    "../../etc/passwd",
  ),
  fc.constantFrom(-1, 0, 0.5, 3, 9, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2),
);

const hugeString = fc.integer({ min: 100_000, max: 1_500_000 }).map((length) => "x".repeat(length));

/** Media URLs agate must refuse (local files, other schemes) or must check (bad base64). */
const hostileUrl = fc.constantFrom(
  "file:///etc/passwd",
  "/etc/passwd",
  "C:\\Windows\\win.ini",
  "ftp://example.invalid/a.png",
  "data:image/png;base64,!!!not base64!!!",
  "data:image/png;base64,",
  "data:;base64,AAAA",
  "javascript:alert(1)",
  "http://",
  "data:image/png,raw",
);

const unknownRoleMessage = fc.record({
  role: fc.constantFrom("hacker", "root", "", "USER", "function_call", "tool ", "__proto__"),
  content: fc.oneof(fc.string({ maxLength: 8 }), fc.constant(null), fc.integer()),
});

/** 10,000 messages (or prompts / input items), valid or not. */
const manyItems = fc
  .tuple(fc.constantFrom("valid", "broken"), fc.constant(10_000))
  .map(([shape, count]) =>
    Array.from({ length: count }, (_, index) =>
      shape === "valid"
        ? { role: index % 2 === 0 ? "user" : "assistant", content: `message ${index}` }
        : index === count - 1
          ? { role: "user", content: 42 }
          : { role: "user", content: "x" },
    ),
  );

const deepMarker = fc
  .tuple(fc.constantFrom("array", "object", "schema"), fc.integer({ min: 500, max: 20_000 }))
  .map(([kind, depth]) => `${DEEP}${kind}:${depth}${DEEP}`);

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: scalar },
  { weight: 3, arbitrary: fc.array(scalar, { maxLength: 4 }) },
  { weight: 3, arbitrary: fc.dictionary(fc.string({ maxLength: 6 }), scalar, { maxKeys: 3 }) },
  { weight: 2, arbitrary: fc.anything({ maxDepth: 3, maxKeys: 4 }) },
  { weight: 2, arbitrary: hostileUrl },
  { weight: 2, arbitrary: unknownRoleMessage },
  { weight: 2, arbitrary: fc.array(unknownRoleMessage, { minLength: 1, maxLength: 3 }) },
  { weight: 1, arbitrary: deepMarker },
  { weight: 1, arbitrary: fc.constant(`before ${BAD_UTF8} after`) },
  { weight: 1, arbitrary: fc.constant({ [PROTO_KEY]: { polluted: true } }) },
  { weight: 1, arbitrary: fc.constant({ constructor: { prototype: { polluted: true } } }) },
  // Rare, because each costs a megabyte or a 10,000-entry upstream call.
  {
    weight: 1,
    arbitrary: fc.oneof({ weight: 3, arbitrary: hugeString }, { weight: 1, arbitrary: manyItems }),
  },
);

/** Sets `value` at a dotted path ("messages.1.content.0"), making missing parents (arrays for numeric keys). */
function setPath(body: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  let node: Record<string, unknown> | unknown[] = body;
  for (const [index, key] of keys.entries()) {
    const last = index === keys.length - 1;
    const slot = Array.isArray(node) ? Number(key) : key;
    const container = node as Record<string | number, unknown>;
    if (last) {
      container[slot] = value;
      return;
    }
    let next = container[slot];
    if (typeof next !== "object" || next === null) {
      next = /^\d+$/.test(keys[index + 1] ?? "") ? [] : {};
      container[slot] = next;
    }
    node = next as Record<string, unknown> | unknown[];
  }
}

function deepText(kind: string, depth: number): string {
  switch (kind) {
    case "array":
      return `${"[".repeat(depth)}1${"]".repeat(depth)}`;
    case "object":
      return `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
    default:
      return `${'{"type":"object","properties":{"p":'.repeat(depth)}{"type":"string"}${"}}".repeat(depth)}`;
  }
}

/** The JSON text with the placeholders expanded; a Buffer when it carries invalid UTF-8. */
function render(body: unknown): { payload: string | Buffer; parseSafe: boolean } {
  let text = JSON.stringify(body);
  // Keys the JSON parser refuses outright (prototype poisoning), whoever generated them.
  const poisoned =
    text.includes(PROTO_KEY) ||
    /"__proto__":/.test(text) ||
    (/"constructor":\{/.test(text) && text.includes('"prototype":'));
  const parseSafe = !poisoned;
  text = text.replaceAll(`"${PROTO_KEY}"`, '"__proto__"');
  text = text.replace(new RegExp(`"${DEEP}(\\w+):(\\d+)${DEEP}"`, "g"), (_, kind: string, depth: string) =>
    deepText(kind, Number(depth)),
  );
  if (!text.includes(BAD_UTF8)) return { payload: text, parseSafe };
  const parts = text.split(BAD_UTF8).map((part) => Buffer.from(part, "utf8"));
  const invalid = Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0xf8, 0x88, 0x80, 0x80, 0x80]);
  return {
    payload: Buffer.concat(parts.flatMap((part, index) => (index === 0 ? [part] : [invalid, part]))),
    parseSafe,
  };
}

const mutation = (route: PostRoute) =>
  fc.oneof(
    { weight: 9, arbitrary: fc.tuple(fc.constantFrom(...FIELD_PATHS[route]), hostileValue) },
    // An unknown field, which must be ignored whatever it holds.
    {
      weight: 1,
      arbitrary: fc.tuple(
        fc.constantFrom("unknown_field", "x-extra", "metadata_v2", "__defineGetter__", "hasOwnProperty"),
        hostileValue,
      ),
    },
  );

/** A valid body with 1-3 fields broken. */
const mutatedBody = (route: PostRoute): fc.Arbitrary<HostileCase> =>
  fc
    .tuple(fc.constantFrom(...BASES[route]), fc.array(mutation(route), { minLength: 1, maxLength: 3 }))
    .map(([base, mutations]) => {
      const body = structuredClone(base) as Record<string, unknown>;
      // Copies: constant values are shared between runs, and one may be set twice.
      for (const [path, value] of mutations) setPath(body, path, structuredClone(value));
      const { payload, parseSafe } = render(body);
      const roots = mutations.map(([path]) => path.split(".")[0] ?? path);
      const label = mutations.map(([path, value]) => `${path}=${preview(value)}`).join(", ");
      return { label, payload, mutatedRoots: parseSafe ? roots : undefined };
    });

/** Not a JSON object at all: other JSON values, broken JSON, invalid UTF-8, nothing. */
const notAnObject: fc.Arbitrary<HostileCase> = fc
  .oneof(
    fc
      .anything({ maxDepth: 2 })
      .filter((value) => typeof value !== "object" || value === null || Array.isArray(value)),
    fc.constantFrom(
      "{",
      "}",
      "[",
      '{"model":',
      "{'model':'x'}",
      "null",
      "undefined",
      "NaN",
      "\ufeff{}",
      "{}{}",
    ),
    fc.string({ maxLength: 30 }).map((text) => ({ raw: text })),
    fc.constant({ rawBytes: true }),
    fc.constant({ deepTop: true }),
  )
  .map((value): HostileCase => {
    if (typeof value === "string")
      return { label: `raw ${preview(value)}`, payload: value, mutatedRoots: undefined };
    if (value !== null && typeof value === "object" && "raw" in value) {
      const raw = String((value as { raw: unknown }).raw);
      return { label: `raw ${preview(raw)}`, payload: raw === "" ? " " : raw, mutatedRoots: undefined };
    }
    if (value !== null && typeof value === "object" && "rawBytes" in value) {
      return {
        label: "invalid UTF-8 bytes",
        payload: Buffer.from([0xff, 0xfe, 0x7b, 0xc0, 0x80, 0x7d]),
        mutatedRoots: undefined,
      };
    }
    if (value !== null && typeof value === "object" && "deepTop" in value) {
      return {
        label: "array nested 100,000 deep",
        payload: deepText("array", 100_000),
        mutatedRoots: undefined,
      };
    }
    const text = JSON.stringify(value) ?? "null";
    return { label: `JSON ${preview(text)}`, payload: text, mutatedRoots: undefined };
  });

export const hostileCase = (route: PostRoute): fc.Arbitrary<HostileCase> =>
  fc.oneof({ weight: 9, arbitrary: mutatedBody(route) }, { weight: 1, arbitrary: notAnObject });

function preview(value: unknown): string {
  const text = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 60)}… (${text.length} chars)` : text;
}

/** `messages[2].content` → `messages`. */
export const paramRoot = (param: string): string => param.split(/[.[]/)[0] ?? param;
