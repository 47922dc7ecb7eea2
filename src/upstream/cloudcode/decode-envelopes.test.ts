import { describe, expect, it } from "vitest";
import type { GenerateEvent } from "../../hub/types.js";
import { type AnswerAsked, GeminiResponseDecoder } from "../gemini/decode-response.js";
import { decodeWholeAnswer } from "../gemini/generate-content-calls.js";
import { GeminiStreamDecoder } from "../gemini/stream-decoder.js";
import { unwrapEnvelope } from "./decode-envelopes.js";

/** A Cloud Code stream's decoder: Gemini's, each data line unwrapped from its envelope. */
const envelopes = (asked: AnswerAsked = {}) => new GeminiStreamDecoder(() => "call_1", asked, unwrapEnvelope);
/** A whole Cloud Code answer, unwrapped from its envelope. */
const whole = (text: string, asked: AnswerAsked = {}) =>
  decodeWholeAnswer(text, unwrapEnvelope, new GeminiResponseDecoder(() => "call_1", asked));

const sse = (...responses: unknown[]): Uint8Array =>
  new TextEncoder().encode(
    responses.map((response) => `data: ${JSON.stringify({ response })}\r\n\r\n`).join(""),
  );

function streamed(bytes: Uint8Array): GenerateEvent[] {
  const decoder = envelopes();
  return [...decoder.push(bytes), ...decoder.end()];
}

describe("Cloud Code envelopes", () => {
  it("a stream that says STOP on every chunk finishes once, after all the text, then gives the usage", () => {
    const chunk = (text: string, usage?: number) => ({
      candidates: [{ content: { role: "model", parts: [{ text }] }, finishReason: "STOP", index: 0 }],
      ...(usage === undefined ? {} : { usageMetadata: { promptTokenCount: 2, candidatesTokenCount: usage } }),
    });
    expect(streamed(sse(chunk("Hel"), chunk("lo", 2)))).toEqual([
      { type: "text-delta", candidate: 0, text: "Hel" },
      { type: "text-delta", candidate: 0, text: "lo" },
      { type: "finish", candidate: 0, reason: "stop", rawReason: "STOP" },
      { type: "usage", usage: { inputTokens: 2, outputTokens: 2, reasoningTokens: 0, cachedTokens: 0 } },
    ]);
  });

  it("code execution streamed in envelopes: code, its result and the text after, chunk by chunk, then STOP", () => {
    const part = (value: unknown, finish?: boolean) => ({
      candidates: [
        { content: { role: "model", parts: [value] }, index: 0, ...(finish ? { finishReason: "STOP" } : {}) },
      ],
    });
    const bytes = sse(
      part({ text: "Computing." }),
      part({ executableCode: { language: "PYTHON", code: "print(6 * 7)" } }),
      part({ codeExecutionResult: { outcome: "OUTCOME_OK", output: "42\n" } }),
      part({ text: "It is 42." }, true),
    );
    expect(streamed(bytes)).toEqual([
      { type: "text-delta", candidate: 0, text: "Computing." },
      { type: "code-execution", candidate: 0, code: "print(6 * 7)" },
      { type: "code-execution-result", candidate: 0, outcome: "ok", output: "42\n" },
      { type: "text-delta", candidate: 0, text: "It is 42." },
      { type: "finish", candidate: 0, reason: "stop", rawReason: "STOP" },
    ]);
  });

  it("a stream that never gives a finish reason is an error at its end", () => {
    const decoder = envelopes();
    expect([...decoder.push(sse({ candidates: [{ content: { parts: [{ text: "Hi" }] } }] }))]).toHaveLength(
      1,
    );
    expect(() => [...decoder.end()]).toThrow("upstream stream ended without a finish reason");
  });

  it("a grounded request's stream: the groundingMetadata inside the envelope of the last chunk becomes citations", () => {
    const decoder = envelopes({ grounding: true });
    const bytes = sse(
      { candidates: [{ content: { role: "model", parts: [{ text: "Über " }] }, index: 0 }] },
      {
        candidates: [
          {
            content: { role: "model", parts: [{ text: "cited." }] },
            finishReason: "STOP",
            index: 0,
            groundingMetadata: {
              webSearchQueries: ["über"],
              groundingChunks: [{ web: { uri: "https://example.com/u", title: "example.com" } }],
              // "Über cited." is 12 bytes: Ü takes two.
              groundingSupports: [
                { segment: { endIndex: 12, text: "Über cited." }, groundingChunkIndices: [0] },
              ],
            },
          },
        ],
      },
    );
    expect([...decoder.push(bytes), ...decoder.end()]).toEqual([
      { type: "text-delta", candidate: 0, text: "Über " },
      { type: "text-delta", candidate: 0, text: "cited." },
      {
        type: "citations",
        candidate: 0,
        queries: ["über"],
        sources: ["https://example.com/u"],
        citations: [{ start: 0, end: 11, url: "https://example.com/u", title: "example.com" }],
      },
      { type: "finish", candidate: 0, reason: "stop", rawReason: "STOP" },
    ]);
  });

  it("a blocked prompt with 2 candidates asked for finishes both, streamed or whole", () => {
    const blocked = { promptFeedback: { blockReason: "PROHIBITED_CONTENT" } };
    const finishes = [0, 1].map((candidate) => ({
      type: "finish",
      candidate,
      reason: "content-filter",
      rawReason: "PROHIBITED_CONTENT",
    }));
    const decoder = envelopes({ candidates: 2 });
    expect([...decoder.push(sse(blocked)), ...decoder.end()]).toEqual(finishes);
    expect(whole(JSON.stringify({ response: blocked }), { candidates: 2 })).toEqual(finishes);
  });
});
