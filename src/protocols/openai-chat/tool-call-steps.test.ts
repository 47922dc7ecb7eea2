import { describe, expect, it } from "vitest";
import { AgateError } from "../../errors.js";
import { decodeChatRequest } from "./decode-request.js";

const call = (id: string, city: string) => ({
  id,
  type: "function",
  function: { name: "get_weather", arguments: JSON.stringify({ city }) },
});
const ask = { role: "user", content: "Weather in Paris and Rome?" };
const calls = {
  role: "assistant",
  content: null,
  tool_calls: [call("call_a", "Paris"), call("call_b", "Rome")],
};
const result = (id: string, content = "sunny") => ({ role: "tool", tool_call_id: id, content });

function errorOf(messages: unknown[]): AgateError {
  try {
    decodeChatRequest({ model: "m", messages });
  } catch (error) {
    if (error instanceof AgateError) return error;
    throw error;
  }
  throw new Error("expected a 400");
}

const resultIds = (messages: unknown[]) =>
  decodeChatRequest({ model: "m", messages }).turns.flatMap((turn) =>
    turn.parts.flatMap((part) => (part.type === "tool-result" ? [part.callId] : [])),
  );

describe("tool results paired with their calls: histories that clients send are accepted", () => {
  it.each<[string, unknown[]]>([
    ["results in the order of the calls", [ask, calls, result("call_a"), result("call_b")]],
    [
      "results in another order (an agent appending each as its tool ends)",
      [ask, calls, result("call_b"), result("call_a")],
    ],
    [
      "one call per assistant message, then the results (a Responses history turned into chat)",
      [
        ask,
        { role: "assistant", content: null, tool_calls: [call("call_a", "Paris")] },
        { role: "assistant", content: null, tool_calls: [call("call_b", "Rome")] },
        result("call_a"),
        result("call_b"),
      ],
    ],
    [
      "a system message between the calls and the results",
      [ask, calls, { role: "system", content: "Be brief." }, result("call_a"), result("call_b")],
    ],
    [
      "the results, then a user message with what a tool saw (an image)",
      [
        ask,
        calls,
        result("call_a"),
        result("call_b"),
        { role: "user", content: [{ type: "image_url", image_url: { url: "https://x/y.png" } }] },
      ],
    ],
    [
      "several steps, each answered (LangChain's AIMessage / ToolMessage loop)",
      [
        ask,
        { role: "assistant", content: "Looking up Paris.", tool_calls: [call("call_a", "Paris")] },
        result("call_a"),
        { role: "assistant", content: "", tool_calls: [call("call_b", "Rome")] },
        result("call_b"),
        { role: "assistant", content: "Sunny in both." },
        { role: "user", content: "Thanks" },
      ],
    ],
    [
      "an empty tool_calls list (LangChain's AIMessage without calls)",
      [ask, { role: "assistant", content: "Hi", tool_calls: [] }, { role: "user", content: "ok" }],
    ],
  ])("%s", (_name, messages) => {
    expect(() => decodeChatRequest({ model: "m", messages })).not.toThrow();
  });

  it("results sent out of order are each paired with their own call", () => {
    expect(resultIds([ask, calls, result("call_b"), result("call_a")])).toEqual(["call_b", "call_a"]);
  });
});

describe("tool results paired with their calls: histories OpenAI refuses get a 400 naming the message", () => {
  it.each<[string, unknown[], string, string]>([
    ["a call left unanswered at the end", [ask, calls, result("call_a")], "messages[1].role", "call_b"],
    ["calls as the last message", [ask, calls], "messages[1].role", "call_a, call_b"],
    [
      "a user message before every call was answered",
      [ask, calls, result("call_b"), { role: "user", content: "and?" }],
      "messages[1].role",
      "call_a",
    ],
    [
      "an assistant message after part of the results",
      [ask, calls, result("call_a"), { role: "assistant", content: "Paris is sunny." }],
      "messages[1].role",
      "call_b",
    ],
    [
      "the unanswered call in the second of two assistant messages in a row",
      [
        ask,
        { role: "assistant", content: null, tool_calls: [call("call_a", "Paris")] },
        { role: "assistant", content: null, tool_calls: [call("call_b", "Rome")] },
        result("call_a"),
        { role: "user", content: "and?" },
      ],
      "messages[2].role",
      "call_b",
    ],
  ])("%s", (_name, messages, param, ids) => {
    const error = errorOf(messages);
    expect(error.status).toBe(400);
    expect(error.param).toBe(param);
    expect(error.message).toContain(`These tool_call_ids have no tool message: ${ids}.`);
  });

  it.each<[string, unknown[], string]>([
    ["a result with no call before it", [ask, result("call_a")], "messages[1].tool_call_id"],
    [
      "a result for an id no call has",
      [ask, calls, result("call_a"), result("call_b"), result("call_c")],
      "messages[4].tool_call_id",
    ],
    [
      "a result for a call of an earlier step",
      [ask, calls, result("call_a"), result("call_b"), { role: "user", content: "again" }, result("call_a")],
      "messages[5].tool_call_id",
    ],
    [
      "a result naming a function but answering no call",
      [ask, { role: "tool", tool_call_id: "call_x", name: "get_weather", content: "sunny" }],
      "messages[1].tool_call_id",
    ],
  ])("%s", (_name, messages, param) => {
    const error = errorOf(messages);
    expect(error.status).toBe(400);
    expect(error.param).toBe(param);
    expect(error.message).toContain("a message with role 'tool' must answer a tool call");
  });
});
