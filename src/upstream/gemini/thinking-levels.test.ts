import { describe, expect, it } from "vitest";
import { thinkingLevelFor, thinkingLevelsOf } from "./thinking-levels.js";

describe("thinkingLevelFor: the Gemini 3 thinking level for each reasoning effort", () => {
  // Flash and Flash-Lite up to 3.6 take all four levels (Google's model pages and thinking table).
  it.each([
    "gemini-3.5-flash",
    "gemini-3.1-flash-lite",
    "gemini-3-flash-preview",
    "models/gemini-3.6-flash",
    "gemini-3.5-flash-lite",
    "gemini-flash-lite-latest",
  ])("%s: each effort its own level", (model) => {
    expect(thinkingLevelFor("minimal", model)).toBe("minimal");
    expect(thinkingLevelFor("low", model)).toBe("low");
    expect(thinkingLevelFor("medium", model)).toBe("medium");
    expect(thinkingLevelFor("high", model)).toBe("high");
  });

  // 3.1 Pro ("Thinking level MINIMAL is not supported for this model"), Flash from 3.7 on, and the rolling
  // names that follow them take low, medium and high.
  it.each([
    "gemini-3.1-pro-preview",
    "gemini-3.1-pro-preview-customtools",
    "gemini-3.7-flash",
    "gemini-3.8-flash",
    "gemini-pro-latest",
    "gemini-flash-latest",
  ])("%s: minimal is sent as low, the rest as asked", (model) => {
    expect(thinkingLevelFor("minimal", model)).toBe("low");
    expect(thinkingLevelFor("low", model)).toBe("low");
    expect(thinkingLevelFor("medium", model)).toBe("medium");
    expect(thinkingLevelFor("high", model)).toBe("high");
  });

  it("3 Pro takes only low and high: minimal goes low, medium goes high", () => {
    expect(thinkingLevelFor("minimal", "gemini-3-pro-preview")).toBe("low");
    expect(thinkingLevelFor("medium", "gemini-3-pro-preview")).toBe("high");
    expect(thinkingLevelFor("low", "models/gemini-3-pro-preview")).toBe("low");
  });

  it("a Gemini 3 name agate cannot place: low or high, which every Gemini 3 model takes", () => {
    expect(thinkingLevelFor("minimal", "gemini-3.9-ultra")).toBe("low");
    expect(thinkingLevelFor("medium", "gemini-3.9-ultra")).toBe("high");
    expect(thinkingLevelFor("medium", "gemini-3-pro-image-preview")).toBe("high");
  });
});

describe("thinkingLevelsOf: the levels each Gemini 3 text model takes", () => {
  it.each([
    ["gemini-3.5-flash", ["minimal", "low", "medium", "high"]],
    ["gemini-3.1-flash-lite", ["minimal", "low", "medium", "high"]],
    ["gemini-flash-lite-latest", ["minimal", "low", "medium", "high"]],
    ["gemini-3.8-flash", ["low", "medium", "high"]],
    ["gemini-flash-latest", ["low", "medium", "high"]],
    ["gemini-pro-latest", ["low", "medium", "high"]],
    ["gemini-3.1-pro-preview", ["low", "medium", "high"]],
    ["gemini-3-pro-preview", ["low", "high"]],
    ["gemini-2.5-flash-lite", undefined],
    ["gemini-2.5-pro", undefined],
    ["gemini-3.1-flash-image", undefined],
    ["gemini-3.9-ultra", undefined],
  ])("%s: %j", (model, levels) => {
    expect(thinkingLevelsOf(model)).toEqual(levels);
  });
});
