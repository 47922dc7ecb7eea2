import { describe, expect, it } from "vitest";
import type { GenerateRequest } from "../../hub/types.js";
import { encodeGeminiRequest } from "./encode-request.js";

const base = (over: Partial<GenerateRequest>): GenerateRequest => ({
  requestedModel: "gpt-4o",
  model: "gemini-2.5-flash",
  turns: [],
  settings: {},
  stream: false,
  ...over,
});

describe("encodeGeminiRequest", () => {
  it("system text → systemInstruction, assistant → model, consecutive roles merged", () => {
    const body = encodeGeminiRequest(
      base({
        system: "Be brief.",
        turns: [
          { role: "user", parts: [{ type: "text", text: "a" }] },
          { role: "user", parts: [{ type: "text", text: "b" }] },
          { role: "assistant", parts: [{ type: "text", text: "c" }] },
        ],
      }),
    );
    expect(body).toEqual({
      systemInstruction: { parts: [{ text: "Be brief." }] },
      contents: [
        { role: "user", parts: [{ text: "a" }, { text: "b" }] },
        { role: "model", parts: [{ text: "c" }] },
      ],
    });
  });

  it("inline bytes → inlineData, URLs → fileData", () => {
    const body = encodeGeminiRequest(
      base({
        turns: [
          {
            role: "user",
            parts: [
              { type: "media", mimeType: "image/png", data: "iVBORw0KGgo=" },
              { type: "media", mimeType: "image/jpeg", url: "https://example.com/cat.jpg" },
            ],
          },
        ],
      }),
    );
    expect(body.contents[0]?.parts).toEqual([
      { inlineData: { mimeType: "image/png", data: "iVBORw0KGgo=" } },
      { fileData: { mimeType: "image/jpeg", fileUri: "https://example.com/cat.jpg" } },
    ]);
  });

  it("a tool call keeps its thought signature on the functionCall part", () => {
    const body = encodeGeminiRequest(
      base({
        turns: [
          {
            role: "assistant",
            parts: [{ type: "tool-call", id: "c1", name: "f", arguments: { x: 1 }, signature: "sig" }],
          },
          { role: "tool", parts: [{ type: "tool-result", callId: "c1", name: "f", content: "42" }] },
        ],
      }),
    );
    expect(body.contents).toEqual([
      { role: "model", parts: [{ functionCall: { name: "f", args: { x: 1 } }, thoughtSignature: "sig" }] },
      { role: "user", parts: [{ functionResponse: { name: "f", response: { result: "42" } } }] },
    ]);
  });

  it("generation settings map to generationConfig; none → no generationConfig", () => {
    expect(encodeGeminiRequest(base({})).generationConfig).toBeUndefined();
    const body = encodeGeminiRequest(
      base({
        settings: {
          maxOutputTokens: 64,
          temperature: 0.2,
          topP: 0.9,
          stop: ["END"],
          seed: 7,
          presencePenalty: 0.1,
          frequencyPenalty: 0.3,
          candidateCount: 2,
          responseFormat: { type: "json" },
        },
      }),
    );
    expect(body.generationConfig).toEqual({
      maxOutputTokens: 64,
      temperature: 0.2,
      topP: 0.9,
      stopSequences: ["END"],
      seed: 7,
      presencePenalty: 0.1,
      frequencyPenalty: 0.3,
      candidateCount: 2,
      responseMimeType: "application/json",
    });
  });

  it("does not mutate its input", () => {
    const request = base({ turns: [{ role: "user", parts: [{ type: "text", text: "a" }] }] });
    const copy = structuredClone(request);
    encodeGeminiRequest(request);
    expect(request).toEqual(copy);
  });
});
