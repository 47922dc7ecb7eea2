import { describe, expect, it } from "vitest";
import { reasoningEffortOf, reasoningEffortSchema, reasoningSettingsOf } from "./reasoning-effort.js";

describe("reasoningEffortOf", () => {
  it.each([
    ["none", "minimal"],
    ["minimal", "minimal"],
    ["low", "low"],
    ["medium", "medium"],
    ["high", "high"],
    ["xhigh", "high"],
    ["max", "high"],
  ] as const)("%s → %s (the nearest Gemini has)", (effort, expected) => {
    expect(reasoningEffortOf(effort)).toBe(expected);
  });

  it("takes every effort OpenAI's SDK types name, and no other", () => {
    expect(reasoningEffortSchema.options).toEqual([
      "none",
      "minimal",
      "low",
      "medium",
      "high",
      "xhigh",
      "max",
    ]);
    expect(reasoningEffortSchema.safeParse("extreme").success).toBe(false);
  });
});

describe("reasoningSettingsOf", () => {
  it("none: the least thinking, and no thoughts shown", () => {
    expect(reasoningSettingsOf("none")).toEqual({ reasoningEffort: "minimal", includeReasoning: false });
  });

  it("any other effort: the nearest effort, the thoughts left as the upstream gives them", () => {
    expect(reasoningSettingsOf("minimal")).toEqual({ reasoningEffort: "minimal" });
    expect(reasoningSettingsOf("xhigh")).toEqual({ reasoningEffort: "high" });
  });
});
