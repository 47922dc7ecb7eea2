import OpenAI from "openai";
import type { CompletionCreateParamsNonStreaming } from "openai/resources/completions";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Stack, startStack } from "../helpers/stack.js";

/**
 * A reasoning effort asked of a model that cannot think (Gemini 2.0 and 1.5, Gemma): Gemini refuses any
 * thinking config there, so none is sent and the model answers as it would without one.
 */

let stack: Stack;
let client: OpenAI;

beforeAll(async () => {
  stack = await startStack(1);
  client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: "unused", maxRetries: 0 });
});
afterAll(() => stack.close());
beforeEach(() => stack.simulator.reset());

const answers = (model: string) =>
  stack.simulator.script({ match: { model }, forever: true, respond: { reply: { text: "Paris." } } });
const sentConfig = () =>
  (
    stack.simulator.requests.find((request) => request.model !== undefined)?.body as
      | { generationConfig?: Record<string, unknown> }
      | undefined
  )?.generationConfig;

describe("reasoning effort on a model that cannot think", () => {
  it.each(["gemini-2.0-flash", "gemini-1.5-pro", "gemma-3-27b-it"])(
    "chat on %s: answered, no thinkingConfig upstream, the other settings kept",
    async (model) => {
      answers(model);
      const answer = await client.chat.completions.create({
        model,
        messages: [{ role: "user", content: "Capital of France?" }],
        reasoning_effort: "high",
        temperature: 0.3,
      });
      expect(answer.choices[0]?.message.content).toBe("Paris.");
      expect(answer.choices[0]?.finish_reason).toBe("stop");
      expect(sentConfig()).toEqual({ temperature: 0.3 });
    },
  );

  it("Responses reasoning.effort and summary on gemini-2.0-flash-lite: a plain answer, no generationConfig", async () => {
    answers("gemini-2.0-flash-lite");
    const response = await client.responses.create({
      model: "gemini-2.0-flash-lite",
      input: "Capital of France?",
      reasoning: { effort: "medium", summary: "auto" },
    });
    expect(response.status).toBe("completed");
    expect(response.output_text).toBe("Paris.");
    expect(response.output.map((item) => item.type)).toEqual(["message"]);
    expect(sentConfig()).toBeUndefined();
  });

  it("legacy completions with reasoning_effort none on gemma: answered, no thinkingConfig", async () => {
    answers("gemma-3-12b-it");
    const body: CompletionCreateParamsNonStreaming & { reasoning_effort: "none" } = {
      model: "gemma-3-12b-it",
      prompt: "Capital of France?",
      reasoning_effort: "none",
    };
    const answer = await client.completions.create(body);
    expect(answer.choices[0]?.text).toBe("Paris.");
    expect(sentConfig()).toBeUndefined();
  });

  it("control: a model name agate does not know still gets the thinking config as before", async () => {
    answers("my-tuned-model");
    await client.chat.completions.create({
      model: "my-tuned-model",
      messages: [{ role: "user", content: "Capital of France?" }],
      reasoning_effort: "low",
    });
    expect(sentConfig()).toEqual({ thinkingConfig: { includeThoughts: true, thinkingBudget: 1024 } });
  });
});
