import { describe, expect, it } from "vitest";
import type { GenerationSettings } from "../../hub/types.js";
import { encodeSettings } from "./encode-settings.js";

/**
 * Gemini 2.5 and 3 count their thoughts inside maxOutputTokens. A client that sets a limit and no reasoning
 * effort (a chat title with max_tokens 20, a ping with 5) gets thinking held to at most half of it.
 */
const thinkingFor = (model: string, settings: GenerationSettings) =>
  encodeSettings(settings, model).thinkingConfig;
const limited = (maxOutputTokens: number, model: string) => thinkingFor(model, { maxOutputTokens });

describe("encodeSettings: an output limit without a reasoning effort keeps thinking within half of it", () => {
  it("2.5 Flash: thinking off under a 2,048-token limit, a budget of half the limit above", () => {
    expect(limited(20, "gemini-2.5-flash")).toEqual({ thinkingBudget: 0 });
    expect(limited(2_047, "gemini-2.5-flash")).toEqual({ thinkingBudget: 0 });
    expect(limited(2_048, "gemini-2.5-flash")).toEqual({ thinkingBudget: 1_024 });
    expect(limited(4_097, "models/gemini-2.5-flash-preview-09-2025")).toEqual({ thinkingBudget: 2_048 });
  });

  it("2.5 Pro cannot stop thinking: its smallest budget, 128, under a 2,048-token limit", () => {
    expect(limited(20, "gemini-2.5-pro")).toEqual({ thinkingBudget: 128 });
    expect(limited(8_000, "gemini-2.5-pro")).toEqual({ thinkingBudget: 4_000 });
  });

  it("2.5: a limit whose half reaches the model's largest budget leaves its dynamic thinking alone", () => {
    expect(limited(49_152, "gemini-2.5-flash")).toBeUndefined();
    expect(limited(60_000, "gemini-2.5-pro")).toEqual({ thinkingBudget: 30_000 });
    expect(limited(65_536, "gemini-2.5-pro")).toBeUndefined();
  });

  it("3 Flash: level minimal under 2,048, low under 16,384, medium under 49,152, its default above", () => {
    expect(limited(20, "gemini-3-flash-preview")).toEqual({ thinkingLevel: "minimal" });
    expect(limited(4_096, "gemini-3-flash-preview")).toEqual({ thinkingLevel: "low" });
    expect(limited(16_384, "gemini-3-flash-preview")).toEqual({ thinkingLevel: "medium" });
    expect(limited(49_152, "gemini-3-flash-preview")).toBeUndefined();
  });

  it("3 Pro has only low and high: low under 49,152, its default above", () => {
    expect(limited(20, "gemini-3-pro-preview")).toEqual({ thinkingLevel: "low" });
    expect(limited(16_384, "gemini-3-pro-preview")).toEqual({ thinkingLevel: "low" });
    expect(limited(49_152, "gemini-3-pro-preview")).toBeUndefined();
  });

  it("3.1 Pro has no minimal but has medium: low under 16,384, medium from there", () => {
    expect(limited(20, "gemini-3.1-pro-preview")).toEqual({ thinkingLevel: "low" });
    expect(limited(16_384, "models/gemini-3.1-pro-preview")).toEqual({ thinkingLevel: "medium" });
    expect(limited(49_152, "gemini-3.1-pro-preview")).toBeUndefined();
  });

  it("Flash-Lite thinks little by default: its least level for a small limit, else as it is", () => {
    expect(limited(20, "gemini-3.1-flash-lite")).toEqual({ thinkingLevel: "minimal" });
    expect(limited(4_096, "gemini-3.1-flash-lite")).toBeUndefined();
  });

  it.each([
    // 2.5 Flash-Lite does not think unless asked: a budget could only add thinking.
    "gemini-2.5-flash-lite",
    // Image and speech models, and names agate does not know, are sent what the client asked for.
    "gemini-2.5-flash-image",
    "gemini-3-pro-image-preview",
    "gemini-2.5-flash-preview-tts",
    "my-tuned-model",
    "gemini-2.0-flash",
  ])("%s: no thinking config", (model) => {
    expect(limited(20, model)).toBeUndefined();
  });

  it("the limit itself is sent unchanged", () => {
    expect(encodeSettings({ maxOutputTokens: 20 }, "gemini-2.5-flash").maxOutputTokens).toBe(20);
  });

  it("thoughts asked for (a reasoning summary) stay asked for, unless thinking is off", () => {
    const summary = (maxOutputTokens: number, model: string) =>
      thinkingFor(model, { maxOutputTokens, includeReasoning: true });
    expect(summary(8_000, "gemini-2.5-flash")).toEqual({ includeThoughts: true, thinkingBudget: 4_000 });
    expect(summary(20, "gemini-3-pro-preview")).toEqual({ includeThoughts: true, thinkingLevel: "low" });
    expect(summary(20, "gemini-2.5-flash")).toEqual({ thinkingBudget: 0 });
  });

  it("an effort keeps its own thinking, thoughts counted in the limit as OpenAI's reasoning models count them", () => {
    expect(thinkingFor("gemini-2.5-flash", { maxOutputTokens: 20, reasoningEffort: "high" })).toEqual({
      includeThoughts: true,
      thinkingBudget: 24_576,
    });
    expect(thinkingFor("gemini-3-flash-preview", { maxOutputTokens: 20, reasoningEffort: "high" })).toEqual({
      includeThoughts: true,
      thinkingLevel: "high",
    });
  });

  it("no limit: the model's own thinking", () => {
    expect(thinkingFor("gemini-2.5-flash", {})).toBeUndefined();
    expect(thinkingFor("gemini-3-pro-preview", { temperature: 0.2 })).toBeUndefined();
  });
});

describe("encodeSettings: the least budget of a model that cannot stop thinking", () => {
  it("is 2.5 Pro's alone, not any name holding 'pro'", () => {
    const budget = (model: string) =>
      encodeSettings({ reasoningEffort: "minimal" }, model).thinkingConfig?.thinkingBudget;
    expect(budget("gemini-2.5-pro")).toBe(128);
    expect(budget("models/gemini-2.5-pro")).toBe(128);
    expect(budget("my-prod-model")).toBe(0);
  });
});
