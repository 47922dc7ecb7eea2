import { describe, expect, it } from "vitest";
import type { GenerateEvent } from "../../hub/types.js";
import { UpstreamError } from "../upstream-error.js";
import { HeldFinishes } from "./held-finishes.js";

const text = (candidate: number, value: string): GenerateEvent => ({
  type: "text-delta",
  candidate,
  text: value,
});
const stop = (candidate: number, raw = "STOP"): GenerateEvent => ({
  type: "finish",
  candidate,
  reason: raw === "MAX_TOKENS" ? "length" : "stop",
  rawReason: raw,
});
const usage = (output: number): GenerateEvent => ({
  type: "usage",
  usage: { inputTokens: 3, outputTokens: output, reasoningTokens: 0, cachedTokens: 0 },
});

/** The events of one decoded chunk that go to the client now. */
const pass = (held: HeldFinishes, chunk: GenerateEvent[]) => chunk.filter((event) => held.passes(event));

/** The events a client sees for these decoded chunks. */
function through(chunks: GenerateEvent[][]): GenerateEvent[] {
  const held = new HeldFinishes();
  return [...chunks.flatMap((chunk) => pass(held, chunk)), ...held.end()];
}

describe("HeldFinishes", () => {
  it("passes content at once and gives the finish, then the usage, when the stream ends", () => {
    const held = new HeldFinishes();
    expect(pass(held, [text(0, "Hel"), usage(1)])).toEqual([text(0, "Hel")]);
    expect(pass(held, [text(0, "lo"), stop(0), usage(2)])).toEqual([text(0, "lo")]);
    expect(held.end()).toEqual([stop(0), usage(2)]);
  });

  it("a finishReason on every chunk (or an early empty STOP) ends the candidate once, after its content", () => {
    const events = through([[stop(0)], [text(0, "A"), stop(0)], [text(0, "B"), stop(0, "MAX_TOKENS")]]);
    expect(events).toEqual([text(0, "A"), text(0, "B"), stop(0, "MAX_TOKENS")]);
  });

  it("a function call anywhere in the candidate makes its finish tool-calls", () => {
    const call: GenerateEvent = { type: "tool-call", candidate: 0, id: "c1", name: "f", arguments: {} };
    expect(through([[stop(0)], [call]])).toEqual([
      call,
      { type: "finish", candidate: 0, reason: "tool-calls", rawReason: "STOP" },
    ]);
  });

  it("several candidates finish in candidate order, each once", () => {
    const events = through([
      [text(1, "B"), stop(1)],
      [text(0, "A"), stop(0), stop(1)],
    ]);
    expect(events).toEqual([text(1, "B"), text(0, "A"), stop(0), stop(1)]);
  });

  it("a stream without any finish reason is an upstream stream failure", () => {
    const held = new HeldFinishes();
    pass(held, [text(0, "A"), usage(1)]);
    expect(() => held.end()).toThrow(UpstreamError);
    expect(() => held.end()).toThrow("upstream stream ended without a finish reason");
  });

  it("a candidate that wrote but never finished, beside one that did, is an upstream stream failure", () => {
    const held = new HeldFinishes();
    pass(held, [text(1, "Tw"), text(0, "One"), stop(0)]);
    expect(() => held.end()).toThrow("upstream stream ended without a finish reason for candidate 1");
  });

  it("holds a candidate's citations until the end, merged over chunks, and gives them just before its finish", () => {
    const page = (start: number, end: number, url: string) => ({ start, end, url, title: url });
    const citations = (
      queries: string[],
      sources: string[],
      list: ReturnType<typeof page>[],
    ): GenerateEvent => ({ type: "citations", candidate: 0, queries, sources, citations: list });
    const events = through([
      [text(0, "Spain won. Berlin hosted."), citations(["q1"], ["b", "c"], [page(11, 25, "b")])],
      [citations(["q1", "q2"], ["a", "b"], [page(0, 10, "a"), page(11, 25, "b")]), stop(0), usage(4)],
    ]);
    expect(events).toEqual([
      text(0, "Spain won. Berlin hosted."),
      citations(["q1", "q2"], ["b", "c", "a"], [page(0, 10, "a"), page(11, 25, "b")]),
      stop(0),
      usage(4),
    ]);
  });

  it("keeps the last usage so far for a stream that fails before its end (Google billed it)", () => {
    const held = new HeldFinishes();
    expect(held.heldUsage()).toBeUndefined();
    pass(held, [usage(0)]);
    pass(held, [text(0, "hi"), usage(1)]);
    expect(held.heldUsage()).toEqual(usage(1));
  });
});
