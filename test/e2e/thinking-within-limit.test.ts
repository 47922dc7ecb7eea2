import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Stack, startStack } from "../helpers/stack.js";

/**
 * Gemini 2.5 and 3 count their thoughts inside maxOutputTokens and think by default. A client that sets a
 * small limit and asks for no reasoning (a chat title with max_tokens 20 to gpt-4o, mapped to 3.5 Flash)
 * gets an answer, not an empty message cut for length: thinking is held to at most half of the limit. With
 * a reasoning effort, thoughts count in the limit as OpenAI's reasoning models count them.
 */
let stack: Stack;
let client: OpenAI;

beforeAll(async () => {
  stack = await startStack(1);
  client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: "unused", maxRetries: 0 });
});
afterAll(() => stack.close());
beforeEach(() => stack.simulator.reset());

const sentThinking = () =>
  (
    stack.simulator.requests.filter((request) => request.model !== undefined).at(-1)?.body as
      | { generationConfig?: { thinkingConfig?: unknown } }
      | undefined
  )?.generationConfig?.thinkingConfig;

const TITLE_PROMPT = "Write a title for this chat";

describe("a small output limit without a reasoning effort", () => {
  it("chat: max_tokens 20 on gpt-4o (3.5 Flash) answers, at level minimal", async () => {
    const answer = await client.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: TITLE_PROMPT }],
      max_tokens: 20,
    });
    expect(answer.choices[0]?.message.content).toContain("You said: Write a title");
    expect(answer.choices[0]?.finish_reason).toBe("stop");
    expect(sentThinking()).toEqual({ thinkingLevel: "minimal" });
  });

  it("chat: max_tokens 20 on 2.5 Flash answers, thinking off", async () => {
    const answer = await client.chat.completions.create({
      model: "gemini-2.5-flash",
      messages: [{ role: "user", content: TITLE_PROMPT }],
      max_tokens: 20,
    });
    expect(answer.choices[0]?.message.content).toContain("You said: Write a title");
    expect(answer.choices[0]?.finish_reason).toBe("stop");
    expect(sentThinking()).toEqual({ thinkingBudget: 0 });
  });

  it("chat streamed: max_completion_tokens 20 on Gemini 3 Flash answers at level minimal", async () => {
    const stream = await client.chat.completions.create({
      model: "gemini-3-flash-preview",
      messages: [{ role: "user", content: TITLE_PROMPT }],
      max_completion_tokens: 20,
      stream: true,
    });
    let content = "";
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      content += chunk.choices[0]?.delta.content ?? "";
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(content).toContain("You said: Write a title");
    expect(finish).toBe("stop");
    expect(sentThinking()).toEqual({ thinkingLevel: "minimal" });
  });

  it("Responses: max_output_tokens 20 answers; legacy completions: max_tokens 20 answers", async () => {
    const response = await client.responses.create({
      model: "gpt-4o",
      input: TITLE_PROMPT,
      max_output_tokens: 20,
    });
    expect(response.status).toBe("completed");
    expect(response.output_text).toContain("You said: Write a title");
    const completion = await client.completions.create({
      model: "gpt-4o",
      prompt: TITLE_PROMPT,
      max_tokens: 20,
    });
    expect(completion.choices[0]?.text).toContain("You said: Write a title");
  });

  it("2.5 Pro cannot stop thinking: its least budget, 128, leaves room in a 300-token limit", async () => {
    const answer = await client.chat.completions.create({
      model: "gemini-2.5-pro",
      messages: [{ role: "user", content: TITLE_PROMPT }],
      max_tokens: 300,
    });
    expect(answer.choices[0]?.message.content).toContain("You said: Write a title");
    expect(sentThinking()).toEqual({ thinkingBudget: 128 });
  });
});

describe("a reasoning effort beside the limit: thoughts counted in it, as OpenAI's reasoning models do", () => {
  it("reasoning_effort low with max_tokens 20: the effort's budget, the limit spent thinking", async () => {
    const answer = await client.chat.completions.create({
      model: "gemini-2.5-flash",
      messages: [{ role: "user", content: TITLE_PROMPT }],
      max_tokens: 20,
      reasoning_effort: "low",
    });
    expect(sentThinking()).toEqual({ includeThoughts: true, thinkingBudget: 1024 });
    expect(answer.choices[0]?.finish_reason).toBe("length");
    expect(answer.choices[0]?.message.content ?? "").toBe("");
    expect(answer.usage?.completion_tokens_details?.reasoning_tokens).toBe(20);
  });
});
