import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { GenerateContentResponse, Simulator, UsageMetadata } from "../../src/simulator/index.js";
import { apiKey, call, geminiUrl, sseData, startQuietSimulator, userSays } from "./support.js";

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startQuietSimulator();
});
afterAll(() => simulator.close());
beforeEach(() => simulator.reset());

const searching = { tools: [{ googleSearch: {} }] };

const totalOf = (usage: UsageMetadata | undefined) =>
  (usage?.promptTokenCount ?? 0) +
  (usage?.toolUsePromptTokenCount ?? 0) +
  (usage?.candidatesTokenCount ?? 0) +
  (usage?.thoughtsTokenCount ?? 0);

describe("usageMetadata as the Gemini API reports it", () => {
  it("a grounded answer reports the search results it read as toolUsePromptTokenCount, in the total", async () => {
    const url = geminiUrl(simulator, "gemini-2.5-flash", "generateContent");
    const grounded = (await call(url, { body: userSays("weather in Paris?", searching), headers: apiKey }))
      .json as GenerateContentResponse;
    const usage = grounded.usageMetadata;
    expect(usage?.toolUsePromptTokenCount).toBeGreaterThan(0);
    expect(usage?.totalTokenCount).toBe(totalOf(usage));
    const plain = (await call(url, { body: userSays("weather in Paris?"), headers: apiKey }))
      .json as GenerateContentResponse;
    expect(plain.usageMetadata?.toolUsePromptTokenCount).toBeUndefined();
  });

  it("every stream chunk carries the usage so far, the prompt's from the first; the last one is final", async () => {
    const body = userSays("tell me a few things please", searching);
    const whole = (
      await call(geminiUrl(simulator, "gemini-2.5-flash", "generateContent"), { body, headers: apiKey })
    ).json as GenerateContentResponse;
    const answer = await call(geminiUrl(simulator, "gemini-2.5-flash", "streamGenerateContent"), {
      body,
      headers: apiKey,
    });
    const chunks = sseData(answer.text) as GenerateContentResponse[];
    expect(chunks.length).toBeGreaterThan(2);
    let previous = 0;
    for (const chunk of chunks) {
      const usage = chunk.usageMetadata;
      expect(usage?.promptTokenCount).toBe(whole.usageMetadata?.promptTokenCount);
      expect(usage?.toolUsePromptTokenCount).toBe(whole.usageMetadata?.toolUsePromptTokenCount);
      expect(usage?.totalTokenCount).toBe(totalOf(usage));
      expect(usage?.totalTokenCount).toBeGreaterThanOrEqual(previous);
      previous = usage?.totalTokenCount ?? 0;
    }
    expect(chunks.at(-1)?.usageMetadata).toEqual(whole.usageMetadata);
  });
});
