import { describe, expect, it } from "vitest";
import type { GenerateRequest, GenerationSettings } from "../../hub/types.js";
import { refusedSetting } from "./refused-settings.js";

const asking = (model: string, settings: GenerationSettings): GenerateRequest => ({
  requestedModel: "gpt-4o",
  model,
  turns: [{ role: "user", parts: [{ type: "text", text: "hi" }] }],
  settings,
  stream: false,
});

const refusal = (model: string, settings: GenerationSettings) =>
  refusedSetting(asking(model, settings))?.toJSON();

describe("refusedSetting: penalties", () => {
  it.each([
    "gemini-2.5-flash",
    "gemini-2.5-pro",
    "models/gemini-2.5-flash-lite",
    "gemini-3-pro-preview",
    "gemini-3.1-flash-lite",
    "gemini-flash-latest",
  ])("a non-zero presence_penalty on %s: a 400 naming it, saying what to do", (model) => {
    expect(refusal(model, { presencePenalty: 0.5 })).toEqual({
      error: {
        message: `'presence_penalty' is not supported by '${model}': Gemini 2.5 and 3 models have no presence or frequency penalties (Gemini refuses any value but 0). Omit it, or map the model (model_mapping) to one that has them (an OpenAI-compatible account's model).`,
        type: "invalid_request_error",
        param: "presence_penalty",
        code: "unsupported_value",
      },
    });
  });

  it("a non-zero frequency_penalty (a zero presence_penalty beside it) names frequency_penalty", () => {
    expect(
      refusal("gemini-3-flash-preview", { presencePenalty: 0, frequencyPenalty: -1.5 })?.error.param,
    ).toBe("frequency_penalty");
  });

  it("zero penalties, and penalties on 2.0, 1.5, Gemma or a name agate does not know: no refusal", () => {
    expect(refusal("gemini-2.5-flash", { presencePenalty: 0, frequencyPenalty: 0 })).toBeUndefined();
    for (const model of ["gemini-2.0-flash", "gemini-1.5-pro-002", "gemma-3-27b-it", "my-tuned-model"])
      expect(refusal(model, { presencePenalty: 1, frequencyPenalty: 1 })).toBeUndefined();
  });
});

describe("refusedSetting: n (candidateCount)", () => {
  it("several candidates are never refused: Gemini 3 gets one call per choice (one-call-per-choice.ts)", () => {
    for (const model of [
      "gemini-3-flash-preview",
      "gemini-3.5-flash",
      "gemini-pro-latest",
      "gemini-2.5-flash",
    ])
      expect(refusal(model, { candidateCount: 8 }), model).toBeUndefined();
  });
});

describe("refusedSetting: what no Gemini model takes", () => {
  it("a logit_bias: a 400 naming it, on every model", () => {
    for (const model of ["gemini-2.0-flash", "gemini-2.5-flash", "my-tuned-model"]) {
      expect(refusal(model, { logitBias: { "50256": -100 } })?.error).toMatchObject({
        param: "logit_bias",
        message: expect.stringContaining("Gemini has no token biasing"),
      });
    }
  });

  it("more than 5 stop sequences: a 400 naming stop, saying how many; 5 go", () => {
    expect(refusal("gemini-2.5-flash", { stop: ["a", "b", "c", "d", "e"] })).toBeUndefined();
    expect(refusal("gemini-2.5-flash", { stop: ["a", "b", "c", "d", "e", "f"] })?.error).toMatchObject({
      param: "stop",
      message: expect.stringContaining("at most 5 stop sequences for Gemini; this one has 6"),
    });
  });
});
