import { describe, expect, it } from "vitest";
import { AgateError } from "../../errors.js";
import { decodeCompletionRequest, MAX_PROMPTS } from "./decode-request.js";

function errorOf(body: unknown): AgateError {
  try {
    decodeCompletionRequest(body);
  } catch (error) {
    if (error instanceof AgateError) return error;
    throw error;
  }
  throw new Error("expected a 400");
}

describe("decodeCompletionRequest", () => {
  it("a string prompt → one request with one user turn", () => {
    const decoded = decodeCompletionRequest({ model: "gpt-3.5-turbo-instruct", prompt: "Say hi" });
    expect(decoded.requestedModel).toBe("gpt-3.5-turbo-instruct");
    expect(decoded.requests).toEqual([
      {
        requestedModel: "gpt-3.5-turbo-instruct",
        model: "gpt-3.5-turbo-instruct",
        turns: [{ role: "user", parts: [{ type: "text", text: "Say hi" }] }],
        settings: {},
        stream: false,
      },
    ]);
    expect(decoded.choicesPerPrompt).toBe(1);
    expect(decoded.includeUsage).toBe(false);
  });

  it("an array of prompts → one request per prompt, in order", () => {
    const decoded = decodeCompletionRequest({ model: "m", prompt: ["one", "two"], n: 2 });
    expect(decoded.requests.map((request) => request.turns)).toEqual([
      [{ role: "user", parts: [{ type: "text", text: "one" }] }],
      [{ role: "user", parts: [{ type: "text", text: "two" }] }],
    ]);
    expect(decoded.choicesPerPrompt).toBe(2);
  });

  it("sampling settings as in chat", () => {
    const decoded = decodeCompletionRequest({
      model: "m",
      prompt: "p",
      max_tokens: 5,
      temperature: 0.2,
      top_p: 0.9,
      stop: "\n",
      n: 3,
      seed: 7,
      presence_penalty: 0.5,
      frequency_penalty: -0.5,
      reasoning_effort: "none",
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(decoded.requests[0]?.settings).toEqual({
      maxOutputTokens: 5,
      maxTokensNamedMaxTokens: true,
      temperature: 0.2,
      topP: 0.9,
      stop: ["\n"],
      candidateCount: 3,
      seed: 7,
      presencePenalty: 0.5,
      frequencyPenalty: -0.5,
      reasoningEffort: "minimal",
      includeReasoning: false,
    });
    expect(decoded.stream).toBe(true);
    expect(decoded.requests[0]?.stream).toBe(true);
    expect(decoded.includeUsage).toBe(true);
  });

  it("user (or x-session-id) becomes the session key", () => {
    expect(decodeCompletionRequest({ model: "m", prompt: "p", user: "u1" }).requests[0]?.sessionKey).toBe(
      "u1",
    );
    expect(
      decodeCompletionRequest({ model: "m", prompt: "p", user: "u1" }, { sessionHeader: "s1" }).requests[0]
        ?.sessionKey,
    ).toBe("s1");
  });

  it("seed: a 64-bit integer is taken; a fraction is a 400 naming seed", () => {
    const seed = JSON.parse("9223372036854775807") as number; // the largest int64, as it arrives
    expect(decodeCompletionRequest({ model: "m", prompt: "p", seed }).requests[0]?.settings.seed).toBe(seed);
    expect(errorOf({ model: "m", prompt: "p", seed: 0.5 }).param).toBe("seed");
  });

  it("harmless settings at their neutral value pass: suffix '', echo false, best_of 1", () => {
    expect(() =>
      decodeCompletionRequest({
        model: "m",
        prompt: "p",
        suffix: "",
        echo: false,
        best_of: 1,
        logit_bias: {},
      }),
    ).not.toThrow();
    expect(() => decodeCompletionRequest({ model: "m", prompt: "p", logit_bias: null })).not.toThrow();
  });

  it.each([
    ["suffix", { suffix: "}" }],
    ["echo", { echo: true }],
    ["best_of", { best_of: 2 }],
    ["logprobs", { logprobs: 6 }],
    ["logit_bias", { logit_bias: "none" }],
  ])("%s set → 400 naming it", (param, extra) => {
    const error = errorOf({ model: "m", prompt: "p", ...extra });
    expect(error.status).toBe(400);
    expect(error.param).toBe(param);
  });

  it("logprobs: N → the chosen tokens' log probabilities with N alternatives (0: none)", () => {
    expect(
      decodeCompletionRequest({ model: "m", prompt: "p", logprobs: 3 }).requests[0]?.settings,
    ).toMatchObject({
      logprobs: true,
      topLogprobs: 3,
    });
    const none = decodeCompletionRequest({ model: "m", prompt: "p", logprobs: 0 }).requests[0]?.settings;
    expect(none?.logprobs).toBe(true);
    expect(none?.topLogprobs).toBeUndefined();
  });

  it("token-id prompts → 400 naming prompt, saying to send text", () => {
    const error = errorOf({ model: "m", prompt: [1, 2, 3] });
    expect(error.param).toBe("prompt");
    expect(error.message).toMatch(/token ids/);
  });

  it("an empty prompt is answered (as OpenAI does): a user turn of empty text", () => {
    const empty = [{ role: "user", parts: [{ type: "text", text: "" }] }];
    expect(decodeCompletionRequest({ model: "m", prompt: "" }).requests[0]?.turns).toEqual(empty);
    const listed = decodeCompletionRequest({ model: "m", prompt: ["ok", ""] }).requests;
    expect(listed).toHaveLength(2);
    expect(listed[1]?.turns).toEqual(empty);
  });

  it("an empty list of prompts → 400 naming prompt", () => {
    expect(errorOf({ model: "m", prompt: [] }).param).toBe("prompt");
  });

  it("more prompts than agate fans out → 400 naming prompt and why", () => {
    const error = errorOf({ model: "m", prompt: Array.from({ length: MAX_PROMPTS + 1 }, () => "p") });
    expect(error.param).toBe("prompt");
    expect(error.message).toMatch(/one conversation per call/);
  });

  it("n above 8 → 400 naming n and the limit; 8 is taken", () => {
    const error = errorOf({ model: "m", prompt: "p", n: 9 });
    expect(error.param).toBe("n");
    expect(error.message).toMatch(/at most 8 choices per request/);
    expect(decodeCompletionRequest({ model: "m", prompt: "p", n: 8 }).choicesPerPrompt).toBe(8);
  });

  it("stop and logit_bias are kept for the upstream to judge (Gemini's spoke refuses more than 5, and any bias)", () => {
    const stop = ["a", "b", "c", "d", "e", "f"];
    const logit_bias = { "50256": -100 };
    expect(
      decodeCompletionRequest({ model: "m", prompt: "p", stop, logit_bias }).requests[0]?.settings,
    ).toMatchObject({
      stop,
      logitBias: logit_bias,
    });
  });

  it("a missing prompt → 400 naming prompt", () => {
    expect(errorOf({ model: "m" }).param).toBe("prompt");
  });
});
