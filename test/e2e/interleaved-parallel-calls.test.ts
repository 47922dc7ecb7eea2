import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Stack, startStack } from "../helpers/stack.js";

/**
 * Agent frameworks that run parallel tool calls one by one send their history interleaved: call A, output A,
 * call B, output B. Gemini 3 signed only A (the first of the parallel calls); sent as two steps, B would open
 * a step with no signature and get the sentinel. It must go back as Gemini made it: one step, both results.
 */

let stack: Stack;
let client: OpenAI;

beforeAll(async () => {
  stack = await startStack(1);
  client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: "unused", maxRetries: 0 });
});
afterAll(() => stack.close());
beforeEach(() => stack.simulator.reset());

type GeminiBody = { contents: { role: string; parts: Record<string, unknown>[] }[] };
const lastUpstream = () =>
  stack.simulator.requests.filter((request) => request.model !== undefined).at(-1)?.body as GeminiBody;

const signature = Buffer.from("gemini-3-signature-for-two-reads").toString("base64");
function scriptTwoReads(): void {
  stack.simulator.script({
    match: { model: "gemini-3-pro-preview" },
    respond: {
      reply: {
        functionCalls: [
          { name: "read_file", args: { path: "a.txt" }, id: "read-a" },
          { name: "read_file", args: { path: "b.txt" }, id: "read-b" },
        ],
        signature,
      },
    },
  });
  stack.simulator.script({ respond: { reply: { text: "a says A, b says B." } } });
}

/** What Gemini must get back: its step as it made it, then both results in call order, with the calls' ids. */
const expectedContents = (question: string) => [
  { role: "user", parts: [{ text: question }] },
  {
    role: "model",
    parts: [
      {
        functionCall: { id: "read-a", name: "read_file", args: { path: "a.txt" } },
        thoughtSignature: signature,
      },
      { functionCall: { id: "read-b", name: "read_file", args: { path: "b.txt" } } },
    ],
  },
  {
    role: "user",
    parts: [
      { functionResponse: { id: "read-a", name: "read_file", response: { result: "A" } } },
      { functionResponse: { id: "read-b", name: "read_file", response: { result: "B" } } },
    ],
  },
];

const readFile = {
  name: "read_file",
  description: "Reads a file",
  parameters: { type: "object", properties: { path: { type: "string" } }, required: ["path"] },
};

describe("parallel calls sent back interleaved with their outputs, on Gemini 3", () => {
  it("Responses (store: false, the whole history): one model step with both calls, then both outputs", async () => {
    scriptTwoReads();
    const question = "What do a.txt and b.txt say?";
    const tools: OpenAI.Responses.Tool[] = [{ type: "function", strict: false, ...readFile }];
    const first = await client.responses.create({
      model: "gemini-3-pro-preview",
      input: question,
      tools,
      store: false,
    });
    const calls = first.output.filter((item) => item.type === "function_call");
    expect(calls).toHaveLength(2);
    const [a, b] = calls;
    const second = await client.responses.create({
      model: "gemini-3-pro-preview",
      store: false,
      tools,
      input: [
        { role: "user", content: question },
        {
          type: "function_call",
          call_id: a?.call_id ?? "",
          name: "read_file",
          arguments: a?.arguments ?? "",
        },
        { type: "function_call_output", call_id: a?.call_id ?? "", output: "A" },
        {
          type: "function_call",
          call_id: b?.call_id ?? "",
          name: "read_file",
          arguments: b?.arguments ?? "",
        },
        { type: "function_call_output", call_id: b?.call_id ?? "", output: "B" },
      ],
    });
    expect(second.output_text).toBe("a says A, b says B.");
    expect(lastUpstream().contents).toEqual(expectedContents(question));
  });

  it("chat (one assistant message per call, each followed by its tool message): the same", async () => {
    scriptTwoReads();
    const question = "What do a.txt and b.txt say?";
    const first = await client.chat.completions.create({
      model: "gemini-3-pro-preview",
      messages: [{ role: "user", content: question }],
      tools: [{ type: "function", function: readFile }],
    });
    const [a, b] = first.choices[0]?.message.tool_calls ?? [];
    if (a?.type !== "function" || b?.type !== "function") throw new Error("expected two function calls");
    const second = await client.chat.completions.create({
      model: "gemini-3-pro-preview",
      tools: [{ type: "function", function: readFile }],
      messages: [
        { role: "user", content: question },
        { role: "assistant", content: null, tool_calls: [a] },
        { role: "tool", tool_call_id: a.id, content: "A" },
        { role: "assistant", content: null, tool_calls: [b] },
        { role: "tool", tool_call_id: b.id, content: "B" },
      ],
    });
    expect(second.choices[0]?.message.content).toBe("a says A, b says B.");
    expect(lastUpstream().contents).toEqual(expectedContents(question));
  });
});
