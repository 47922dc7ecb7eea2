import { describe, expect, it } from "vitest";
import type { Turn } from "../../hub/types.js";
import { resultsInCallOrder } from "./results-in-call-order.js";

const calls = (...ids: string[]): Turn => ({
  role: "assistant",
  parts: ids.map((id) => ({ type: "tool-call", id, name: "f", arguments: {} })),
});
const result = (callId: string): Turn => ({
  role: "tool",
  parts: [{ type: "tool-result", callId, name: "f", content: callId }],
});
const answered = (turns: readonly Turn[]) =>
  turns.map((turn) => (turn.parts[0]?.type === "tool-result" ? turn.parts[0].callId : turn.role));

describe("resultsInCallOrder", () => {
  it("results already in order: the same list back", () => {
    const turns = [calls("a", "b"), result("a"), result("b")];
    expect(resultsInCallOrder(turns)).toBe(turns);
  });

  it("each step's results follow its own calls; calls split over assistant turns count as one step", () => {
    const turns = [
      calls("a"),
      calls("b"),
      result("b"),
      result("a"),
      calls("a", "c"),
      result("c"),
      result("a"),
    ];
    const copy = structuredClone(turns);
    expect(answered(resultsInCallOrder(turns))).toEqual([
      "assistant",
      "assistant",
      "a",
      "b",
      "assistant",
      "a",
      "c",
    ]);
    expect(turns).toEqual(copy);
  });

  it("a result for no call just before keeps its place after the others", () => {
    const turns = [calls("a", "b"), result("x"), result("b"), result("a")];
    expect(answered(resultsInCallOrder(turns))).toEqual(["assistant", "a", "b", "x"]);
  });
});
