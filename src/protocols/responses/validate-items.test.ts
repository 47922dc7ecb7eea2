import { describe, expect, it } from "vitest";
import { AgateError } from "../../errors.js";
import { parseResponsesRequest } from "./decode-request.js";
import { responsesRequestSchema } from "./request-schema.js";
import { validateItems } from "./validate-items.js";

const rejected = (body: unknown): AgateError => {
  try {
    validateItems(body);
  } catch (error) {
    if (error instanceof AgateError) return error;
    throw error;
  }
  throw new Error("expected a 400");
};

describe("validateItems", () => {
  it("an item type named after an Object method is unknown, not a crash", () => {
    expect(rejected({ input: [{ type: "toString" }] }).param).toBe("input[0].type");
    expect(rejected({ input: [{ type: "constructor" }] }).param).toBe("input[0].type");
  });

  it("a tool type named after an Object method is left to the request schema, not a crash", () => {
    expect(() => validateItems({ tools: [{ type: "toString" }, { type: "hasOwnProperty" }] })).not.toThrow();
  });

  it("a tool without a kind is refused, naming its type", () => {
    expect(rejected({ tools: [{ type: "function", name: "f" }, { type: "" }] }).param).toBe("tools[1].type");
  });

  it("a bad content part of a message is named itself, not the whole content", () => {
    const message = (part: unknown) => ({ input: [{ role: "user", content: [part] }] });
    expect(rejected(message({ type: "text_input", text: "hi" })).param).toBe("input[0].content[0].type");
    expect(rejected(message({ type: "input_text" })).param).toBe("input[0].content[0].text");
    // Neither a string nor a list: the content itself is at fault.
    expect(rejected({ input: [{ role: "user", content: 5 }] }).param).toBe("input[0].content");
  });

  // A body with every kind of item and tool, as a coding agent sends one.
  const agentBody = {
    model: "gemini-2.5-flash",
    instructions: "Be brief.",
    input: [
      { role: "user", content: "read the file" },
      { type: "message", role: "assistant", content: [{ type: "output_text", text: "on it" }], extra: 1 },
      { type: "function_call", call_id: "call_1", name: "read", arguments: '{"path":"a"}' },
      { type: "function_call_output", call_id: "call_1", output: "contents" },
      { type: "reasoning", id: "rs_1", summary: [] },
      { type: "custom_tool_call", call_id: "call_2", name: "patch", input: "*** Begin Patch" },
      { type: "custom_tool_call_output", call_id: "call_2", output: "done" },
      { id: "msg_earlier" },
    ],
    tools: [
      { type: "function", name: "read", parameters: { type: "object" }, strict: false },
      { type: "custom", name: "patch", format: { type: "grammar" } },
      { type: "namespace", name: "fs", tools: [{ type: "function", name: "ls" }] },
      { type: "web_search", search_context_size: "low" },
    ],
  };

  it("the whole body, its items and tools parsed once, is what the full schema makes of it", () => {
    const once = parseResponsesRequest(structuredClone(agentBody));
    const twice = responsesRequestSchema.parse(validateItems(structuredClone(agentBody)));
    expect(once).toEqual(twice);
    expect(once.input?.at(-1)).toEqual({ type: "item_reference", id: "msg_earlier" });
  });
});
