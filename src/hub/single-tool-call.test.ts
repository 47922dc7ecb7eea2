import { describe, expect, it } from "vitest";
import { toolCallFilter } from "./single-tool-call.js";
import type { GenerateEvent } from "./types.js";

const call = (candidate: number, id: string): GenerateEvent => ({
  type: "tool-call",
  candidate,
  id,
  name: "get_weather",
  arguments: { city: id },
});

describe("toolCallFilter", () => {
  it("parallel calls allowed (or not said): no filter", () => {
    expect(toolCallFilter({})).toBeUndefined();
    expect(toolCallFilter({ parallelToolCalls: true })).toBeUndefined();
  });

  it("parallel calls off: each candidate's first call is kept, later ones dropped, other events kept", () => {
    const keeps = toolCallFilter({ parallelToolCalls: false });
    if (keeps === undefined) throw new Error("expected a filter");
    const answer: GenerateEvent[] = [
      { type: "text-delta", candidate: 0, text: "Checking." },
      call(0, "paris"),
      call(1, "oslo"),
      call(0, "rome"),
      call(1, "lima"),
      { type: "finish", candidate: 0, reason: "tool-calls" },
      { type: "finish", candidate: 1, reason: "tool-calls" },
    ];
    expect(answer.filter(keeps)).toEqual([
      answer[0],
      call(0, "paris"),
      call(1, "oslo"),
      answer[5],
      answer[6],
    ]);
  });
});
