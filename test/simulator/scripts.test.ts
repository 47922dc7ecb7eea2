import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { faults, type GenerateContentResponse, type Simulator } from "../../src/simulator/index.js";
import { accessToken, apiKey, call, geminiUrl, sseData, startQuietSimulator, userSays } from "./support.js";

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startQuietSimulator();
});
afterAll(() => simulator.close());
beforeEach(() => simulator.reset());

async function statusFor(model: string, key = "test-key"): Promise<number> {
  const url = geminiUrl(simulator, model, "generateContent");
  return (await call(url, { body: userSays("x"), headers: { "x-goog-api-key": key } })).status;
}

async function generate(body: unknown, method = "generateContent"): Promise<GenerateContentResponse[]> {
  const answer = await call(geminiUrl(simulator, "gemini-2.5-flash", method), { body, headers: apiKey });
  return method === "generateContent"
    ? [answer.json as GenerateContentResponse]
    : (sseData(answer.text) as GenerateContentResponse[]);
}

describe("rule matching and consumption", () => {
  it("matches by apiKey and by model, and leaves other requests to the default", async () => {
    simulator.script({ match: { apiKey: "key-a" }, respond: faults.overloaded() });
    simulator.script({ match: { model: "models/gemini-2.5-pro" }, respond: faults.serverError(500) });
    expect(await statusFor("gemini-2.5-flash", "key-b")).toBe(200);
    expect(await statusFor("gemini-2.5-pro", "key-b")).toBe(500);
    expect(await statusFor("gemini-2.5-flash", "key-a")).toBe(503);
    expect(await statusFor("gemini-2.5-flash", "key-a")).toBe(200);
  });

  it("lets a matching rule answer for a model it does not know; 404 once the rule is used", async () => {
    simulator.script({ match: { apiKey: "key-a" }, respond: faults.rateLimitPerMinute() });
    simulator.script({ match: { model: "custom-model" }, respond: { reply: { text: "scripted" } } });
    expect(await statusFor("custom-model", "key-a")).toBe(429);
    const answer = await call(geminiUrl(simulator, "custom-model", "generateContent"), {
      body: userSays("x"),
      headers: apiKey,
    });
    expect((answer.json as GenerateContentResponse).modelVersion).toBe("custom-model");
    expect(await statusFor("custom-model")).toBe(404);
  });

  it("uses a rule `times` times, and a forever rule always", async () => {
    simulator.script({ match: { model: "gemini-2.5-flash" }, times: 2, respond: faults.overloaded() });
    simulator.script({ match: { model: "gemini-2.5-pro" }, forever: true, respond: faults.overloaded() });
    const flash = [
      await statusFor("gemini-2.5-flash"),
      await statusFor("gemini-2.5-flash"),
      await statusFor("gemini-2.5-flash"),
    ];
    expect(flash).toEqual([503, 503, 200]);
    for (let index = 0; index < 4; index += 1) expect(await statusFor("gemini-2.5-pro")).toBe(503);
  });

  it("is FIFO among matching rules", async () => {
    simulator.script({ respond: faults.serverError(500) });
    simulator.script({ respond: faults.overloaded() });
    expect([await statusFor("gemini-2.5-flash"), await statusFor("gemini-2.5-flash")]).toEqual([500, 503]);
  });

  it("matches stream and kind, and cloud code access tokens", async () => {
    const token = await accessToken(simulator);
    simulator.script({
      match: { kind: "cloudcode", accessToken: token },
      respond: faults.capacityExhausted(),
    });
    simulator.script({ match: { stream: true }, respond: faults.serverError(504) });
    expect(await statusFor("gemini-2.5-flash")).toBe(200);
    const streamed = await call(geminiUrl(simulator, "gemini-2.5-flash", "streamGenerateContent"), {
      body: userSays("x"),
      headers: apiKey,
    });
    expect(streamed.status).toBe(504);
    const envelope = { model: "gemini-2.5-pro", project: "p", request: userSays("x") };
    const cloud = await call(`${simulator.url}/v1internal:generateContent`, {
      body: envelope,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(cloud.status).toBe(429);
  });

  it("leaves account endpoints alone unless the rule names their operation", async () => {
    const headers = { authorization: `Bearer ${await accessToken(simulator)}` };
    simulator.script({ forever: true, respond: faults.serverError(500) });
    simulator.script({ match: { operation: "loadCodeAssist" }, respond: faults.permissionDenied() });
    expect((await call(`${simulator.url}/v1internal:loadCodeAssist`, { body: {}, headers })).status).toBe(
      403,
    );
    expect((await call(`${simulator.url}/v1internal:loadCodeAssist`, { body: {}, headers })).status).toBe(
      200,
    );
  });
});

describe("scripted replies", () => {
  it("lays out thought, text and function calls with a signature on the first call", async () => {
    simulator.script({
      respond: {
        reply: {
          thought: "plan the calls",
          text: "Let me look.",
          functionCalls: [
            { name: "a", args: { x: 1 }, id: "call-1" },
            { name: "b", args: {} },
          ],
          signature: "c2lnbmVk",
        },
      },
    });
    const [response] = await generate(userSays("x"));
    expect(response?.candidates?.[0]?.content.parts).toEqual([
      { text: "plan the calls", thought: true },
      { text: "Let me look." },
      { functionCall: { name: "a", args: { x: 1 }, id: "call-1" }, thoughtSignature: "c2lnbmVk" },
      { functionCall: { name: "b", args: {} } },
    ]);
    expect(response?.candidates?.[0]?.finishReason).toBe("STOP");
  });

  it("streams function calls in the last chunk, with finishReason and usage", async () => {
    simulator.script({
      respond: { reply: { text: "one two three four", functionCalls: [{ name: "f", args: {} }] } },
    });
    const chunks = await generate(userSays("x"), "streamGenerateContent");
    const last = chunks.at(-1);
    expect(last?.candidates?.[0]?.content.parts).toEqual([{ functionCall: { name: "f", args: {} } }]);
    expect(last?.candidates?.[0]?.finishReason).toBe("STOP");
    expect(last?.usageMetadata).toBeDefined();
  });

  it("takes finishReason, usage overrides and a candidate count", async () => {
    simulator.script({
      respond: {
        reply: { text: "cut", finishReason: "SAFETY", usage: { promptTokenCount: 100 }, candidates: 2 },
      },
    });
    const [response] = await generate(userSays("x"));
    expect(response?.candidates?.map((candidate) => candidate.finishReason)).toEqual(["SAFETY", "SAFETY"]);
    expect(response?.usageMetadata).toEqual({
      promptTokenCount: 100,
      candidatesTokenCount: 2,
      totalTokenCount: 102,
    });
  });

  it("blocks the prompt: promptFeedback and no candidates", async () => {
    simulator.script({ respond: { reply: { blockReason: "PROHIBITED_CONTENT" } } });
    const [response] = await generate(userSays("x"));
    expect(response?.candidates).toBeUndefined();
    expect(response?.promptFeedback).toEqual({ blockReason: "PROHIBITED_CONTENT" });
  });
});
