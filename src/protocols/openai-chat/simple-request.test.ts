import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chatRequestSchema } from "./request-schema.js";
import { simpleChatRequest } from "./simple-request.js";

const anyValue = fc.oneof(
  fc.string(),
  fc.constant(""),
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.array(fc.record({ type: fc.constant("text"), text: fc.string() }), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.string(), { maxKeys: 2 }),
);
const role = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom("system", "developer", "user", "assistant") },
  { weight: 1, arbitrary: fc.constantFrom("tool", "function", "robot", "") },
);
const message = fc.oneof(
  { weight: 6, arbitrary: fc.record({ role, content: fc.string() }) },
  {
    weight: 2,
    arbitrary: fc.record(
      { role, content: anyValue, name: fc.oneof(fc.string(), fc.integer()) },
      { requiredKeys: ["role"] },
    ),
  },
  { weight: 1, arbitrary: fc.record({ role, content: fc.string(), tool_calls: anyValue }) },
  { weight: 1, arbitrary: anyValue },
);
const model = fc.oneof(
  { weight: 4, arbitrary: fc.string({ minLength: 1 }) },
  { weight: 1, arbitrary: fc.oneof(fc.constant(""), fc.integer()) },
);
const messages = fc.oneof(
  { weight: 4, arbitrary: fc.array(message, { minLength: 1, maxLength: 3 }) },
  { weight: 1, arbitrary: anyValue },
);
const stream = fc.oneof(fc.boolean(), fc.constant(null), anyValue);
const body = fc.oneof(
  { weight: 6, arbitrary: fc.record({ model, messages, stream }, { requiredKeys: ["model", "messages"] }) },
  {
    weight: 1,
    arbitrary: fc.record({ model, messages, temperature: fc.oneof(fc.double(), fc.constant(3)) }),
  },
  { weight: 1, arbitrary: anyValue },
);

describe("simpleChatRequest", () => {
  it("accepts the common request as it is", () => {
    const request = {
      model: "gpt-4o",
      stream: true,
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "hi", name: "ann" },
        { role: "assistant", content: "hello" },
      ],
    };
    expect(simpleChatRequest(request)).toBe(request);
  });

  it("leaves every other shape to the schema", () => {
    for (const other of [
      { model: "m", messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }] },
      { model: "m", messages: [{ role: "tool", content: "x", tool_call_id: "a" }] },
      { model: "m", messages: [{ role: "user", content: "hi" }], temperature: 0.5 },
      { model: "", messages: [{ role: "user", content: "hi" }] },
      { model: "m", messages: [] },
      { model: "m", messages: [{ role: "user", content: "hi" }], stream: "yes" },
    ])
      expect(simpleChatRequest(other)).toBeUndefined();
  });

  it("accepts only what the schema accepts, and means the same by it", () => {
    let accepted = 0;
    fc.assert(
      fc.property(body, (candidate) => {
        const simple = simpleChatRequest(candidate);
        if (simple === undefined) return;
        accepted++;
        const parsed = chatRequestSchema.safeParse(candidate);
        expect(parsed.success).toBe(true);
        expect(parsed.data).toEqual(simple);
      }),
      { numRuns: 2_000 },
    );
    // The generator must reach the fast path often enough for the comparison to mean something.
    expect(accepted).toBeGreaterThan(50);
  });
});
