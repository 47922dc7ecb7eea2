import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { GenerateContentResponse, Simulator } from "../../src/simulator/index.js";
import { apiKey, call, geminiUrl, sseData, startQuietSimulator, userSays } from "./support.js";

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startQuietSimulator();
});
afterAll(() => simulator.close());
beforeEach(() => simulator.reset());

async function generate(body: unknown, model = "gemini-2.5-flash"): Promise<GenerateContentResponse> {
  const answer = await call(geminiUrl(simulator, model, "generateContent"), { body, headers: apiKey });
  expect(answer.status).toBe(200);
  return answer.json as GenerateContentResponse;
}

describe("the default echo over the Gemini API", () => {
  it("echoes the last user turn, all its text parts joined, with usage and ids", async () => {
    const body = {
      contents: [
        { role: "user", parts: [{ text: "first question" }] },
        { role: "model", parts: [{ text: "first answer" }] },
        { role: "user", parts: [{ text: "second" }, { text: "question" }] },
      ],
    };
    const response = await generate(body);
    const candidate = response.candidates?.[0];
    expect(candidate?.content.parts).toEqual([
      { text: "Hello from the agate simulator (gemini-2.5-flash). You said: second question" },
    ]);
    expect(candidate?.finishReason).toBe("STOP");
    expect(candidate?.index).toBe(0);
    expect(response.modelVersion).toBe("gemini-2.5-flash");
    expect(response.responseId).toMatch(/^\S{8,}$/);
    const usage = response.usageMetadata;
    expect(usage?.promptTokenCount).toBe(Math.ceil("first questionfirst answersecondquestion".length / 4));
    expect(usage?.candidatesTokenCount).toBe(10);
    // 2.5 Flash thinks unless told not to; its thoughts are counted though none is shown (gemini-thinking.test.ts).
    const thoughts = usage?.thoughtsTokenCount ?? 0;
    expect(thoughts).toBeGreaterThan(0);
    expect(usage?.totalTokenCount).toBe((usage?.promptTokenCount ?? 0) + 10 + thoughts);
    expect((await generate(body)).usageMetadata).toEqual(usage);
  });

  it("streams the same text as SSE chunks; only the last carries finishReason and the final usage", async () => {
    const url = geminiUrl(simulator, "gemini-2.5-pro", "streamGenerateContent");
    const answer = await call(url, { body: userSays("tell me a few things please"), headers: apiKey });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe("text/event-stream");
    expect(answer.text).toContain("\r\n\r\n");
    const chunks = sseData(answer.text) as GenerateContentResponse[];
    expect(chunks.length).toBeGreaterThan(3);
    const text = chunks.map((chunk) => chunk.candidates?.[0]?.content.parts?.[0]?.text ?? "").join("");
    expect(text).toBe(
      "Hello from the agate simulator (gemini-2.5-pro). You said: tell me a few things please",
    );
    const last = chunks.at(-1);
    expect(last?.candidates?.[0]?.finishReason).toBe("STOP");
    expect(last?.usageMetadata?.totalTokenCount).toBeGreaterThan(0);
    for (const chunk of chunks.slice(0, -1)) {
      expect(chunk.candidates?.[0]?.finishReason).toBeUndefined();
      expect(chunk.usageMetadata?.totalTokenCount).toBeLessThan(last?.usageMetadata?.totalTokenCount ?? 0);
      expect(chunk.responseId).toBe(last?.responseId);
    }
  });

  it("starts with a signed thought part when includeThoughts is set on a thinking model", async () => {
    const config = { generationConfig: { thinkingConfig: { includeThoughts: true } } };
    const response = await generate(userSays("think first", config));
    const [thought, text] = response.candidates?.[0]?.content.parts ?? [];
    expect(thought?.thought).toBe(true);
    expect(thought?.text).toContain("think first");
    expect(thought?.thoughtSignature).toMatch(/^[A-Za-z0-9+/=]{40,}$/);
    expect(text?.text).toContain("You said: think first");
    expect(response.usageMetadata?.thoughtsTokenCount).toBeGreaterThan(0);
    const lite = await generate(userSays("think first", config), "gemini-2.5-flash-lite");
    expect(lite.candidates?.[0]?.content.parts).toHaveLength(1);
  });

  it("answers candidateCount n with n candidates indexed 0..n-1", async () => {
    const response = await generate(userSays("many", { generationConfig: { candidateCount: 3 } }));
    expect(response.candidates?.map((candidate) => candidate.index)).toEqual([0, 1, 2]);
    expect(response.candidates?.[2]?.content.parts?.[0]?.text).toContain("candidate 3");
    expect(response.usageMetadata?.candidatesTokenCount).toBeGreaterThan(20);
  });

  it("truncates to maxOutputTokens words with finishReason MAX_TOKENS", async () => {
    const notThinking = { maxOutputTokens: 4, thinkingConfig: { thinkingBudget: 0 } };
    const response = await generate(userSays("a long one", { generationConfig: notThinking }));
    expect(response.candidates?.[0]?.content.parts?.[0]?.text).toBe("Hello from the agate");
    expect(response.candidates?.[0]?.finishReason).toBe("MAX_TOKENS");
    expect(response.usageMetadata?.candidatesTokenCount).toBe(4);
  });

  it("stops before the earliest stop sequence", async () => {
    const response = await generate(
      userSays("x", { generationConfig: { stopSequences: ["said", "agate"] } }),
    );
    expect(response.candidates?.[0]?.content.parts?.[0]?.text).toBe("Hello from the ");
    expect(response.candidates?.[0]?.finishReason).toBe("STOP");
  });

  it("counts tokens for {contents} and {generateContentRequest}", async () => {
    const url = geminiUrl(simulator, "gemini-2.5-flash", "countTokens");
    const direct = await call(url, { body: userSays("12345678"), headers: apiKey });
    expect(direct.json).toEqual({
      totalTokens: 2,
      promptTokensDetails: [{ modality: "TEXT", tokenCount: 2 }],
    });
    const wrapped = await call(url, {
      body: { generateContentRequest: { model: "models/gemini-2.5-flash", ...userSays("12345678") } },
      headers: apiKey,
    });
    expect(wrapped.json).toEqual(direct.json);
  });
});

describe("JSON mode and log probabilities, as Gemini answers them", () => {
  const schema = { type: "OBJECT", properties: { name: { type: "STRING" }, age: { type: "INTEGER" } } };

  it("responseMimeType application/json: JSON that fits responseSchema, whole and streamed", async () => {
    const body = userSays("a person", {
      generationConfig: { responseMimeType: "application/json", responseSchema: schema },
    });
    const whole = await generate(body);
    expect(JSON.parse(whole.candidates?.[0]?.content.parts?.[0]?.text ?? "")).toEqual({
      name: "a person",
      age: 1,
    });
    const streamed = await call(geminiUrl(simulator, "gemini-2.5-flash", "streamGenerateContent"), {
      body,
      headers: apiKey,
    });
    const chunks = sseData(streamed.text) as GenerateContentResponse[];
    const text = chunks.map((chunk) => chunk.candidates?.[0]?.content.parts?.[0]?.text ?? "").join("");
    expect(JSON.parse(text)).toEqual({ name: "a person", age: 1 });
  });

  it("before Gemini 3, tools beside a JSON response are refused as Gemini refuses them; Gemini 3 takes both", async () => {
    const json = { generationConfig: { responseMimeType: "application/json", responseSchema: schema } };
    const calling = userSays("a person", {
      ...json,
      tools: [{ functionDeclarations: [{ name: "lookup" }] }],
    });
    const refused = await call(geminiUrl(simulator, "gemini-2.5-flash", "generateContent"), {
      body: calling,
      headers: apiKey,
    });
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({
      error: {
        status: "INVALID_ARGUMENT",
        message: "Function calling with a response mime type: 'application/json' is unsupported",
      },
    });
    const searching = userSays("a person", { ...json, tools: [{ googleSearch: {} }] });
    const toolUse = await call(geminiUrl(simulator, "gemini-2.5-pro", "generateContent"), {
      body: searching,
      headers: apiKey,
    });
    expect(toolUse.json).toMatchObject({ error: { message: expect.stringMatching(/^Tool use with/) } });
    const gemini3 = await call(geminiUrl(simulator, "gemini-3-flash-preview", "generateContent"), {
      body: calling,
      headers: apiKey,
    });
    expect(gemini3.status).toBe(200);
  });

  it("a thinking config for a model that cannot think (2.0, 1.5, Gemma) is refused as Gemini refuses it", async () => {
    const thinking = userSays("hi", { generationConfig: { thinkingConfig: { thinkingBudget: 0 } } });
    for (const model of ["gemini-2.0-flash", "gemini-1.5-pro", "gemma-3-27b-it"]) {
      const refused = await call(geminiUrl(simulator, model, "generateContent"), {
        body: thinking,
        headers: apiKey,
      });
      expect(refused.status).toBe(400);
      expect(refused.json).toMatchObject({
        error: { status: "INVALID_ARGUMENT", message: "thinking_config is not supported." },
      });
    }
    await generate(thinking, "gemini-2.5-flash");
  });

  it("a non-zero penalty on Gemini 2.5 and 3 is refused as Gemini refuses it; a zero and 2.0 pass", async () => {
    const penalised = (config: Record<string, number>) => userSays("hi", { generationConfig: config });
    for (const [model, config] of [
      ["gemini-2.5-flash", { presencePenalty: 0.5 }],
      ["gemini-2.5-pro", { frequencyPenalty: -0.2 }],
      ["gemini-3-flash-preview", { presencePenalty: 0, frequencyPenalty: 1 }],
    ] as const) {
      const refused = await call(geminiUrl(simulator, model, "generateContent"), {
        body: penalised(config),
        headers: apiKey,
      });
      expect(refused.status).toBe(400);
      expect(refused.json).toMatchObject({
        error: { status: "INVALID_ARGUMENT", message: `Penalty is not enabled for models/${model}` },
      });
    }
    await generate(penalised({ presencePenalty: 0, frequencyPenalty: 0 }), "gemini-3-pro-preview");
    simulator.script({ match: { model: "gemini-2.0-flash" }, respond: { reply: { text: "ok" } } });
    await generate(penalised({ presencePenalty: 0.5, frequencyPenalty: 0.5 }), "gemini-2.0-flash");
  });

  it("more than one candidate on Gemini 3 is refused as Gemini refuses it; one passes, 2.5 gives several", async () => {
    const candidates = (candidateCount: number) => userSays("hi", { generationConfig: { candidateCount } });
    const refused = await call(geminiUrl(simulator, "gemini-3-pro-preview", "streamGenerateContent"), {
      body: candidates(2),
      headers: apiKey,
    });
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({
      error: { status: "INVALID_ARGUMENT", message: "Multiple candidates is not enabled for this model" },
    });
    await generate(candidates(1), "gemini-3-flash-preview");
    expect((await generate(candidates(2), "gemini-2.5-flash")).candidates).toHaveLength(2);
  });

  it("responseLogprobs: each candidate's tokens and alternatives; a stream's chunks carry their own", async () => {
    const body = userSays("hi there", { generationConfig: { responseLogprobs: true, logprobs: 3 } });
    const candidate = (await generate(body)).candidates?.[0];
    const text = candidate?.content.parts?.[0]?.text ?? "";
    expect(candidate?.logprobsResult?.chosenCandidates.map((token) => token.token).join("")).toBe(text);
    expect(candidate?.logprobsResult?.topCandidates[0]?.candidates).toHaveLength(3);
    expect(candidate?.avgLogprobs).toBeLessThan(0);
    const streamed = await call(geminiUrl(simulator, "gemini-2.5-flash", "streamGenerateContent"), {
      body,
      headers: apiKey,
    });
    const chunks = sseData(streamed.text) as GenerateContentResponse[];
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) {
      const streamedCandidate = chunk.candidates?.[0];
      const chunkText = streamedCandidate?.content.parts?.[0]?.text ?? "";
      const tokens = streamedCandidate?.logprobsResult?.chosenCandidates ?? [];
      expect(tokens.map((token) => token.token).join("")).toBe(chunkText);
    }
    // Not asked: none.
    expect((await generate(userSays("hi"))).candidates?.[0]?.logprobsResult).toBeUndefined();
  });
});

describe("a required function call (functionCallingConfig mode ANY), as Gemini makes it", () => {
  const tools = [
    {
      functionDeclarations: [
        { name: "weather", parameters: { type: "OBJECT", properties: { city: { type: "STRING" } } } },
        { name: "clock", parametersJsonSchema: { type: "object", properties: { zone: { type: "string" } } } },
      ],
    },
  ];
  const forced = (mode: string, allowed?: string[]) =>
    userSays("Paris", {
      tools,
      toolConfig: { functionCallingConfig: { mode, ...(allowed ? { allowedFunctionNames: allowed } : {}) } },
    });

  it("calls the first function it may, with arguments that fit its parameters", async () => {
    const parts = (await generate(forced("ANY"))).candidates?.[0]?.content.parts;
    expect(parts).toEqual([{ functionCall: { name: "weather", args: { city: "Paris" } } }]);
    const named = (await generate(forced("ANY", ["clock"]))).candidates?.[0]?.content.parts;
    expect(named).toEqual([{ functionCall: { name: "clock", args: { zone: "Paris" } } }]);
  });

  it("signs the call on Gemini 3; AUTO still answers in text", async () => {
    const parts = (await generate(forced("ANY"), "gemini-3-pro-preview")).candidates?.[0]?.content.parts;
    expect(parts?.[0]?.functionCall?.name).toBe("weather");
    expect(parts?.[0]?.thoughtSignature).toEqual(expect.any(String));
    const auto = (await generate(forced("AUTO"))).candidates?.[0]?.content.parts;
    expect(auto?.[0]?.text).toContain("You said: Paris");
  });
});
