import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Stack, startStack } from "../helpers/stack.js";

let stack: Stack;
let client: OpenAI;

beforeAll(async () => {
  stack = await startStack(1);
  client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: "unused", maxRetries: 0 });
});
afterAll(() => stack.close());
beforeEach(() => stack.simulator.reset());

type GeminiBody = { contents: { role: string; parts: Record<string, unknown>[] }[] };
const lastUpstreamBody = () =>
  stack.simulator.requests.filter((request) => request.model !== undefined).at(-1)?.body as
    | GeminiBody
    | undefined;

const readFile: OpenAI.Chat.ChatCompletionTool = {
  type: "function",
  function: {
    name: "read_file",
    parameters: { type: "object", properties: { path: { type: "string" } }, required: ["path"] },
  },
};

/**
 * IDE agents (Continue, and others that prune the oldest messages to fit the context window) can send a
 * history whose first message after the system prompt is an assistant tool call. OpenAI answers it; Gemini
 * refuses a function call that does not follow a user turn.
 */
describe("a history that opens with the assistant's tool call (the oldest messages pruned)", () => {
  it.each(["gemini-2.5-pro", "gemini-3-pro-preview"])(
    "chat on %s is answered; Gemini gets a user turn before the call",
    async (model) => {
      const answer = await client.chat.completions.create({
        model,
        tools: [readFile],
        messages: [
          { role: "system", content: "You are a coding agent." },
          {
            role: "assistant",
            content: null,
            tool_calls: [
              {
                id: "call_old",
                type: "function",
                function: { name: "read_file", arguments: '{"path":"a.ts"}' },
              },
            ],
          },
          { role: "tool", tool_call_id: "call_old", content: "export const a = 1;" },
          { role: "user", content: "Now rename a to b." },
        ],
      });
      expect(answer.choices[0]?.message.content).toBeTruthy();
      const contents = lastUpstreamBody()?.contents ?? [];
      expect(contents[0]?.role).toBe("user");
      expect(contents[1]?.parts[0]).toHaveProperty("functionCall.name", "read_file");
    },
  );

  it("Responses input that opens with a function_call item is answered too", async () => {
    const response = await client.responses.create({
      model: "gemini-3-pro-preview",
      store: false,
      instructions: "You are a coding agent.",
      tools: [
        {
          type: "function",
          name: "read_file",
          parameters: readFile.function.parameters ?? {},
          strict: false,
        },
      ],
      input: [
        { type: "function_call", call_id: "call_old", name: "read_file", arguments: '{"path":"a.ts"}' },
        { type: "function_call_output", call_id: "call_old", output: "export const a = 1;" },
        { role: "user", content: "Now rename a to b." },
      ],
    });
    expect(response.status).toBe("completed");
    expect(lastUpstreamBody()?.contents[0]?.role).toBe("user");
  });
});
