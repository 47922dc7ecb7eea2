import { afterEach, describe, expect, it, vi } from "vitest";
import { thinkingWithinLimit } from "./thinking-within-limit.js";

/**
 * The rule's answers are in encode-settings.test.ts; here, what it costs: the model's part of the rule is
 * worked out from its name once, so a request for a model seen before runs no regular expression.
 */
describe("thinkingWithinLimit: a model's name is read once", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  // RegExp.prototype.test and every other matching method call `exec`.
  const regexCalls = () => vi.spyOn(RegExp.prototype, "exec");

  it.each([
    "gemini-2.5-flash",
    "gemini-2.5-pro",
    "gemini-3-flash-preview",
    "gemini-3.1-flash-lite",
    "gemini-2.5-flash-lite",
    "my-tuned-model",
  ])("%s: no regular expression the second time, whatever the limit", (model) => {
    const first = thinkingWithinLimit(20, model);
    const exec = regexCalls();
    expect(thinkingWithinLimit(20, model)).toEqual(first);
    thinkingWithinLimit(4_096, model);
    thinkingWithinLimit(100_000, model);
    expect(exec).not.toHaveBeenCalled();
  });

  it("many names: each keeps its answer", () => {
    for (let index = 0; index < 1_000; index += 1) thinkingWithinLimit(20, `tuned-${index}`);
    expect(thinkingWithinLimit(20, "gemini-2.5-flash")).toEqual({ thinkingBudget: 0 });
    expect(thinkingWithinLimit(20, "gemini-2.5-pro")).toEqual({ thinkingBudget: 128 });
    expect(thinkingWithinLimit(20, "gemini-3-flash-preview")).toEqual({ thinkingLevel: "minimal" });
    expect(thinkingWithinLimit(20, "tuned-5")).toBeUndefined();
  });
});
