import { describe, expect, it } from "vitest";
import { flash3Minor, isFlash, isFlashLite, isGemini2_5, isGemini3 } from "./model-families.js";

describe("model families", () => {
  it.each([
    "gemini-3-pro-preview",
    "gemini-3-flash-preview",
    "gemini-3.1-pro-preview",
    "gemini-3.1-pro-preview-customtools",
    "gemini-3.1-flash-lite",
    "models/gemini-3.5-flash",
  ])("%s is Gemini 3", (model) => {
    expect(isGemini3(model)).toBe(true);
    expect(isGemini2_5(model)).toBe(false);
  });

  // Google's rolling names follow its newest release of each tier: Gemini 3 (the newest family agate knows).
  it.each([
    "gemini-pro-latest",
    "gemini-flash-latest",
    "gemini-flash-lite-latest",
    "models/gemini-flash-latest",
  ])("the rolling name %s is taken for Gemini 3", (model) => {
    expect(isGemini3(model)).toBe(true);
    expect(isGemini2_5(model)).toBe(false);
  });

  it.each(["gemini-2.5-pro", "gemini-2.5-flash-lite", "models/gemini-2.5-flash", "gemini-2.5-flash-latest"])(
    "%s is Gemini 2.5",
    (model) => {
      expect(isGemini2_5(model)).toBe(true);
      expect(isGemini3(model)).toBe(false);
    },
  );

  it.each([
    "gemini-2.0-flash",
    "gemini-1.5-pro-latest",
    "gemini-pro",
    "gemma-3-27b-it",
    "my-tuned-model",
    "my-gemini-pro-latest",
    "gemini-pro-latest-tuned",
  ])("%s is neither (its settings are sent as asked)", (model) => {
    expect(isGemini3(model)).toBe(false);
    expect(isGemini2_5(model)).toBe(false);
  });
});

describe("Flash tiers", () => {
  it.each([
    ["gemini-2.5-flash", true, false, undefined],
    ["models/gemini-2.5-flash-lite", false, true, undefined],
    ["gemini-3-flash-preview", true, false, 0],
    ["gemini-3.5-flash", true, false, 5],
    ["gemini-3.1-flash-lite", false, true, 1],
    ["gemini-flash-latest", true, false, undefined],
    ["gemini-flash-lite-latest", false, true, undefined],
    ["gemini-3.1-pro-preview", false, false, undefined],
  ])("%s: Flash %s, Flash-Lite %s, Gemini 3 minor version %s", (model, flash, lite, minor) => {
    expect(isFlash(model)).toBe(flash);
    expect(isFlashLite(model)).toBe(lite);
    expect(flash3Minor(model)).toBe(minor);
  });
});
