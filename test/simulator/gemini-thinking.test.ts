import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { GenerateContentResponse, Simulator } from "../../src/simulator/index.js";
import { apiKey, call, geminiUrl, sseData, startQuietSimulator, userSays } from "./support.js";

/**
 * Thinking as Gemini does it: 2.5 Flash and Pro and Gemini 3 think unless told not to, and the thoughts count
 * inside maxOutputTokens whether or not they are shown. A small limit can go to thoughts entirely: no text,
 * MAX_TOKENS. Thinking settings a model does not take are refused with Gemini's messages.
 */
let simulator: Simulator;
beforeAll(async () => {
  simulator = await startQuietSimulator();
});
afterAll(() => simulator.close());
beforeEach(() => simulator.reset());

const limitedTo = (maxOutputTokens: number, thinkingConfig?: Record<string, unknown>) =>
  userSays("write a short title for this chat", {
    generationConfig: { maxOutputTokens, ...(thinkingConfig === undefined ? {} : { thinkingConfig }) },
  });

async function generate(body: unknown, model: string, method = "generateContent") {
  return call(geminiUrl(simulator, model, method), { body, headers: apiKey });
}

async function answer(body: unknown, model: string): Promise<GenerateContentResponse> {
  const response = await generate(body, model);
  expect(response.status).toBe(200);
  return response.json as GenerateContentResponse;
}

describe("thoughts count against maxOutputTokens", () => {
  it("a thinking model left to itself spends a 20-token limit on thoughts: no text, MAX_TOKENS", async () => {
    for (const model of ["gemini-2.5-flash", "gemini-2.5-pro", "gemini-3-pro-preview"]) {
      const response = await answer(limitedTo(20), model);
      const candidate = response.candidates?.[0];
      expect(candidate?.content.parts, model).toBeUndefined();
      expect(candidate?.finishReason, model).toBe("MAX_TOKENS");
      expect(response.usageMetadata?.thoughtsTokenCount, model).toBe(20);
      expect(response.usageMetadata?.candidatesTokenCount, model).toBe(0);
    }
  });

  it("streamed alike: one final chunk with no text and MAX_TOKENS", async () => {
    const streamed = await generate(limitedTo(20), "gemini-2.5-flash", "streamGenerateContent");
    const chunks = sseData(streamed.text) as GenerateContentResponse[];
    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.candidates?.[0]).toEqual({
      content: { role: "model" },
      index: 0,
      finishReason: "MAX_TOKENS",
    });
  });

  it("thinking off (budget 0) leaves the whole limit to the answer", async () => {
    const response = await answer(limitedTo(20, { thinkingBudget: 0 }), "gemini-2.5-flash");
    expect(response.candidates?.[0]?.content.parts?.[0]?.text).toContain("You said: write a short title");
    expect(response.candidates?.[0]?.finishReason).toBe("STOP");
    expect(response.usageMetadata?.thoughtsTokenCount).toBeUndefined();
  });

  it("a small budget or a low level: the thoughts first, the words that still fit after", async () => {
    const budget = await answer(limitedTo(12, { thinkingBudget: 8 }), "gemini-2.5-flash");
    expect(budget.candidates?.[0]?.content.parts?.[0]?.text).toBe("Hello from the agate");
    expect(budget.candidates?.[0]?.finishReason).toBe("MAX_TOKENS");
    expect(budget.usageMetadata?.thoughtsTokenCount).toBe(8);
    const minimal = await answer(limitedTo(20, { thinkingLevel: "minimal" }), "gemini-3-flash-preview");
    expect(minimal.candidates?.[0]?.finishReason).toBe("STOP");
    const low = await answer(limitedTo(2_000, { thinkingLevel: "low" }), "gemini-3-pro-preview");
    const high = await answer(limitedTo(2_000, { thinkingLevel: "high" }), "gemini-3-pro-preview");
    expect(low.usageMetadata?.thoughtsTokenCount).toBeLessThan(high.usageMetadata?.thoughtsTokenCount ?? 0);
  });

  it("a model that does not think by default (2.5 Flash-Lite) keeps the whole limit", async () => {
    const response = await answer(limitedTo(20), "gemini-2.5-flash-lite");
    expect(response.candidates?.[0]?.finishReason).toBe("STOP");
  });
});

describe("thinking settings a model does not take", () => {
  it.each([
    ["gemini-2.5-pro", { thinkingBudget: 0 }, "Budget 0 is invalid. This model only works in thinking mode."],
    [
      "gemini-2.5-pro",
      { thinkingBudget: 64 },
      "The thinking budget 64 is invalid. Please choose a value between 128 and 32768.",
    ],
    [
      "gemini-2.5-flash-lite",
      { thinkingBudget: 100 },
      "The thinking budget 100 is invalid. Please choose a value between 512 and 24576.",
    ],
    ["gemini-2.5-flash", { thinkingLevel: "low" }, "Thinking level is not supported for this model."],
    [
      "gemini-3-pro-preview",
      { thinkingLevel: "minimal" },
      "Thinking level MINIMAL is not supported for this model. Please retry with other thinking level.",
    ],
    [
      "gemini-3-flash-preview",
      { thinkingLevel: "low", thinkingBudget: 1024 },
      "thinking_budget and thinking_level are not supported together.",
    ],
  ])("%s with %j: a 400 with Gemini's message", async (model, thinkingConfig, message) => {
    const refused = await generate(limitedTo(100, thinkingConfig), model);
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ error: { status: "INVALID_ARGUMENT", message } });
  });

  it("what each model takes passes", async () => {
    await answer(limitedTo(100, { thinkingBudget: 128 }), "gemini-2.5-pro");
    await answer(limitedTo(100, { thinkingBudget: 0 }), "gemini-2.5-flash-lite");
    await answer(limitedTo(100, { thinkingBudget: -1 }), "gemini-2.5-pro");
    await answer(limitedTo(100, { thinkingLevel: "minimal" }), "gemini-3-flash-preview");
    await answer(limitedTo(100, { thinkingLevel: "LOW" }), "gemini-3-pro-preview");
  });
});
