import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type Content,
  type GenerateContentResponse,
  type Simulator,
  skipSignatureSentinel,
} from "../../src/simulator/index.js";
import { apiKey, call, geminiUrl, sseData, startQuietSimulator } from "./support.js";

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startQuietSimulator();
});
afterAll(() => simulator.close());
beforeEach(() => simulator.reset());

function historyWithCall(signature: string | undefined, model = "gemini-3-pro-preview") {
  const call: Content = {
    role: "model",
    parts: [
      {
        functionCall: { name: "get_weather", args: { city: "Paris" } },
        ...(signature ? { thoughtSignature: signature } : {}),
      },
      { functionCall: { name: "get_time", args: {} } },
    ],
  };
  const contents: Content[] = [
    { role: "user", parts: [{ text: "weather?" }] },
    call,
    { role: "user", parts: [{ functionResponse: { name: "get_weather", response: { sky: "clear" } } }] },
  ];
  return { url: geminiUrl(simulator, model, "generateContent"), body: { contents } };
}

describe("Gemini 3 thought signatures", () => {
  it("refuses a function call without a signature: 400 INVALID_ARGUMENT", async () => {
    const { url, body } = historyWithCall(undefined);
    const answer = await call(url, { body, headers: apiKey });
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ error: { code: 400, status: "INVALID_ARGUMENT" } });
    expect(JSON.stringify(answer.json)).toContain(
      "Function call is missing a thought_signature in functionCall parts",
    );
  });

  it("refuses a signature it never issued", async () => {
    const { url, body } = historyWithCall("bm90LWlzc3VlZA==");
    expect((await call(url, { body, headers: apiKey })).status).toBe(400);
  });

  it("accepts the signature it issued on a scripted function call", async () => {
    simulator.script({
      respond: {
        reply: { functionCalls: [{ name: "get_weather", args: { city: "Paris" } }], signature: true },
      },
    });
    const first = await call(geminiUrl(simulator, "gemini-3-pro-preview", "generateContent"), {
      body: { contents: [{ role: "user", parts: [{ text: "weather?" }] }] },
      headers: apiKey,
    });
    const part = (first.json as GenerateContentResponse).candidates?.[0]?.content.parts?.[0];
    expect(part?.functionCall?.name).toBe("get_weather");
    const { url, body } = historyWithCall(part?.thoughtSignature);
    const answer = await call(url, { body, headers: apiKey });
    expect(answer.status).toBe(200);
    expect(JSON.stringify(answer.json)).toContain("[results of get_weather]");
  });

  it("accepts the documented sentinel", async () => {
    const { url, body } = historyWithCall(skipSignatureSentinel);
    expect((await call(url, { body, headers: apiKey })).status).toBe(200);
  });

  it("does not check Gemini 2.5 models", async () => {
    const { url, body } = historyWithCall(undefined, "gemini-2.5-flash");
    expect((await call(url, { body, headers: apiKey })).status).toBe(200);
  });
});

describe("Gemini 3 signs an answer without a function call on its last part", () => {
  const body = { contents: [{ role: "user", parts: [{ text: "hello there" }] }] };
  const thinking = { ...body, generationConfig: { thinkingConfig: { includeThoughts: true } } };
  const signature = /^[A-Za-z0-9+/=]{40,}$/;

  it("whole: on the last text part; a thought shown before it is not signed", async () => {
    const plain = await call(geminiUrl(simulator, "gemini-3-flash-preview", "generateContent"), {
      body,
      headers: apiKey,
    });
    const parts = (plain.json as GenerateContentResponse).candidates?.[0]?.content.parts ?? [];
    expect(parts).toHaveLength(1);
    expect(parts[0]?.thoughtSignature).toMatch(signature);
    const withThought = await call(geminiUrl(simulator, "gemini-3-pro-preview", "generateContent"), {
      body: thinking,
      headers: apiKey,
    });
    const [thought, text] =
      (withThought.json as GenerateContentResponse).candidates?.[0]?.content.parts ?? [];
    expect(thought?.thought).toBe(true);
    expect(thought?.thoughtSignature).toBeUndefined();
    expect(text?.thoughtSignature).toMatch(signature);
  });

  it("streamed: on an empty text part of the last chunk, the text before it unsigned", async () => {
    const answer = await call(geminiUrl(simulator, "gemini-3-flash-preview", "streamGenerateContent"), {
      body,
      headers: apiKey,
    });
    const chunks = sseData(answer.text) as GenerateContentResponse[];
    const parts = chunks.flatMap((chunk) => chunk.candidates?.[0]?.content.parts ?? []);
    expect(parts.at(-1)).toEqual({ text: "", thoughtSignature: expect.stringMatching(signature) });
    expect(parts.slice(0, -1).every((part) => part.thoughtSignature === undefined)).toBe(true);
    expect(chunks.at(-1)?.candidates?.[0]?.finishReason).toBe("STOP");
  });

  it("a scripted text answer is signed on Gemini 3 unless the script says signature: false; 2.5 signs none", async () => {
    simulator.script({ respond: { reply: { text: "Scripted." } } });
    simulator.script({ respond: { reply: { text: "Unsigned.", signature: false } } });
    const url = geminiUrl(simulator, "gemini-3-pro-preview", "generateContent");
    const signed = (await call(url, { body, headers: apiKey })).json as GenerateContentResponse;
    expect(signed.candidates?.[0]?.content.parts?.[0]?.thoughtSignature).toMatch(signature);
    const unsigned = (await call(url, { body, headers: apiKey })).json as GenerateContentResponse;
    expect(unsigned.candidates?.[0]?.content.parts?.[0]).toEqual({ text: "Unsigned." });
    const older = await call(geminiUrl(simulator, "gemini-2.5-flash", "generateContent"), {
      body,
      headers: apiKey,
    });
    expect(
      (older.json as GenerateContentResponse).candidates?.[0]?.content.parts?.[0]?.thoughtSignature,
    ).toBeUndefined();
  });
});
