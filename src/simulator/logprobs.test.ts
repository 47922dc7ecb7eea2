import { describe, expect, it } from "vitest";
import { averageLogprob, logprobsFor } from "./logprobs.js";

describe("logprobsFor", () => {
  it("one token per word, which put together give the text back; the chosen first among the top", () => {
    const result = logprobsFor(" Hello from the  simulator. ", 2);
    expect(result.chosenCandidates.map((token) => token.token).join("")).toBe(" Hello from the  simulator. ");
    expect(result.chosenCandidates).toHaveLength(4);
    expect(result.topCandidates).toHaveLength(4);
    for (const [index, top] of result.topCandidates.entries()) {
      expect(top.candidates).toHaveLength(2);
      expect(top.candidates[0]).toEqual(result.chosenCandidates[index]);
      expect(top.candidates[1]?.logProbability).toBeLessThan(top.candidates[0]?.logProbability ?? 0);
    }
  });

  it("no top alternatives when none were asked for; the average of the chosen", () => {
    const result = logprobsFor("a b", 0);
    expect(result.topCandidates).toEqual([{ candidates: [] }, { candidates: [] }]);
    const [a, b] = result.chosenCandidates.map((token) => token.logProbability);
    expect(a).toBe(logprobsFor("a ", 0).chosenCandidates[0]?.logProbability);
    expect(averageLogprob(result)).toBeCloseTo(((a ?? 0) + (b ?? 0)) / 2);
    expect(averageLogprob(logprobsFor("", 1))).toBe(0);
  });
});
