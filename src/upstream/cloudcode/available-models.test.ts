import { describe, expect, it } from "vitest";
import { decodeAvailableModels } from "./available-models.js";

describe("decodeAvailableModels", () => {
  it("reads models, quota fractions, reset times and deprecated ids", () => {
    const list = decodeAvailableModels({
      models: {
        "gemini-2.5-pro": {
          displayName: "Gemini 2.5 Pro",
          quotaInfo: { remainingFraction: 0.25, resetTime: "2026-11-30T00:00:00Z" },
        },
        "gemini-2.5-flash": { displayName: "Gemini 2.5 Flash", quotaInfo: { remainingFraction: 1.5 } },
        "gemini-3-pro-preview": {},
      },
      deprecatedModelIds: { "gemini-2.5-pro-preview-06-05": { newModelId: "gemini-2.5-pro" }, broken: {} },
    });
    expect(list).toEqual({
      models: [
        { id: "gemini-2.5-pro", remainingFraction: 0.25, resetAt: Date.parse("2026-11-30T00:00:00Z") },
        { id: "gemini-2.5-flash", remainingFraction: 1 },
        { id: "gemini-3-pro-preview" },
      ],
      deprecated: { "gemini-2.5-pro-preview-06-05": "gemini-2.5-pro" },
    });
  });

  it("an empty answer is an empty list", () => {
    expect(decodeAvailableModels({})).toEqual({ models: [], deprecated: {} });
  });
});
