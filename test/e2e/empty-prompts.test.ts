import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { generationCalls } from "../helpers/sim-requests.js";
import { type Stack, startStack } from "../helpers/stack.js";

/** OpenAI answers an empty prompt; Gemini refuses empty text, so agate sends the least text it takes. */

let stack: Stack;
let client: OpenAI;

beforeAll(async () => {
  stack = await startStack(1);
  client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: "unused", maxRetries: 0 });
});
afterAll(() => stack.close());
beforeEach(() => stack.simulator.reset());

const sentContents = () =>
  generationCalls(stack.simulator).map((request) => (request.body as { contents?: unknown }).contents);
const oneSpace = [{ role: "user", parts: [{ text: " " }] }];

describe("empty prompts are answered", () => {
  it("chat: a single user message of empty content", async () => {
    const completion = await client.chat.completions.create({
      model: "gemini-2.5-flash",
      messages: [{ role: "user", content: "" }],
    });
    expect(completion.choices[0]?.finish_reason).toBe("stop");
    expect(sentContents()).toEqual([oneSpace]);
  });

  it('legacy completions: prompt ""', async () => {
    const completion = await client.completions.create({ model: "gemini-2.5-flash", prompt: "" });
    expect(completion.choices[0]?.finish_reason).toBe("stop");
    expect(sentContents()).toEqual([oneSpace]);
  });

  it('responses: input ""', async () => {
    const response = await client.responses.create({ model: "gemini-2.5-flash", input: "" });
    expect(response.status).toBe("completed");
    expect(sentContents()).toEqual([oneSpace]);
  });

  it("chat: only a system message (unchanged: its text goes as the user's turn)", async () => {
    const completion = await client.chat.completions.create({
      model: "gemini-2.5-flash",
      messages: [{ role: "system", content: "Write a haiku." }],
    });
    expect(completion.choices[0]?.finish_reason).toBe("stop");
    expect(sentContents()).toEqual([[{ role: "user", parts: [{ text: "Write a haiku." }] }]]);
  });
});
