import { describe, expect, it } from "vitest";
import { isRealOutput } from "./real-output.js";

const usage = { inputTokens: 5, outputTokens: 0, reasoningTokens: 0, cachedTokens: 0 };

describe("isRealOutput", () => {
  it("text, reasoning, tool calls, finishes and errors are output", () => {
    expect(isRealOutput({ type: "text-delta", candidate: 0, text: "Hi" })).toBe(true);
    expect(isRealOutput({ type: "reasoning-delta", candidate: 0, text: "Hmm" })).toBe(true);
    expect(isRealOutput({ type: "tool-call", candidate: 0, id: "call_1", name: "f", arguments: {} })).toBe(
      true,
    );
    expect(isRealOutput({ type: "finish", candidate: 0, reason: "stop" })).toBe(true);
    expect(isRealOutput({ type: "error", error: new Error("x") })).toBe(true);
  });

  it("code the model ran, and what a run gave, are output (the client sees them as a code interpreter call)", () => {
    expect(isRealOutput({ type: "code-execution", candidate: 0, code: "print(1)" })).toBe(true);
    expect(isRealOutput({ type: "code-execution-result", candidate: 0, outcome: "ok", output: "1\n" })).toBe(
      true,
    );
  });

  it("usage alone, log probabilities, citations and empty deltas (even signed) are not", () => {
    expect(isRealOutput({ type: "usage", usage })).toBe(false);
    expect(isRealOutput({ type: "logprobs", candidate: 0, tokens: [] })).toBe(false);
    expect(isRealOutput({ type: "citations", candidate: 0, queries: [], sources: [], citations: [] })).toBe(
      false,
    );
    expect(isRealOutput({ type: "text-delta", candidate: 0, text: "" })).toBe(false);
    expect(isRealOutput({ type: "reasoning-delta", candidate: 0, text: "", signature: "sig" })).toBe(false);
    expect(isRealOutput({ type: "text-signature", candidate: 0, signature: "sig" })).toBe(false);
  });
});
