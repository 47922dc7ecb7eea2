import { describe, expect, it } from "vitest";
import { reasoningEffortOf, reasoningEffortSchema } from "./reasoning-effort.js";

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
