import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type Content,
  type GenerateContentResponse,
  type Part,
  type Simulator,
  skipSignatureSentinel,
} from "../../src/simulator/index.js";
import { accessToken, apiKey, call, geminiUrl, startQuietSimulator, userSays } from "./support.js";

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startQuietSimulator();
});
afterAll(() => simulator.close());
beforeEach(() => simulator.reset());

const weather = [
  {
    functionDeclarations: [
      { name: "weather", parameters: { type: "object", properties: { city: { type: "string" } } } },
    ],
  },
];
const forced = userSays("Paris", {
  tools: weather,
  toolConfig: { functionCallingConfig: { mode: "ANY" } },
});

async function firstParts(model: string, body: unknown = forced): Promise<Part[]> {
  const answer = await call(geminiUrl(simulator, model, "generateContent"), { body, headers: apiKey });
  expect(answer.status).toBe(200);
  return (answer.json as GenerateContentResponse).candidates?.[0]?.content.parts ?? [];
}

/** A history: the user's question, a model turn of these calls, a user turn of these responses. */
function history(calls: Part[], responses: Part[]): { contents: Content[] } {
  return {
    contents: [
      { role: "user", parts: [{ text: "weather?" }] },
      { role: "model", parts: calls },
      { role: "user", parts: responses },
    ],
  };
}
const callPart = (id?: string): Part => ({
  functionCall: { ...(id === undefined ? {} : { id }), name: "weather", args: { city: "Paris" } },
  thoughtSignature: skipSignatureSentinel,
});
const responsePart = (id?: string): Part => ({
  functionResponse: { ...(id === undefined ? {} : { id }), name: "weather", response: { sky: "clear" } },
});

describe("Gemini 3 function call ids", () => {
  it("Gemini 3 gives each function call an id; 2.5 gives none", async () => {
    const [three] = await firstParts("gemini-3-pro-preview");
    expect(three?.functionCall?.id).toMatch(/^[a-z0-9]{8}$/);
    const [again] = await firstParts("gemini-3-pro-preview");
    expect(again?.functionCall?.id).not.toBe(three?.functionCall?.id);
    const [older] = await firstParts("gemini-2.5-flash");
    expect(older?.functionCall).toBeDefined();
    expect(older?.functionCall?.id).toBeUndefined();
  });

  it("scripted calls on Gemini 3 get one too, unless the script gives one or says null", async () => {
    simulator.script({
      respond: {
        reply: {
          functionCalls: [
            { name: "a", args: {} },
            { name: "b", args: {}, id: "given-1" },
            { name: "c", args: {}, id: null },
          ],
        },
      },
    });
    const parts = await firstParts("gemini-3-flash-preview", userSays("x"));
    expect(parts.map((part) => part.functionCall?.id)).toEqual([
      expect.stringMatching(/^[a-z0-9]{8}$/),
      "given-1",
      undefined,
    ]);
  });

  it("accepts responses whose ids match calls before them, and responses without ids", async () => {
    const url = geminiUrl(simulator, "gemini-3-pro-preview", "generateContent");
    for (const body of [
      history([callPart("a1"), callPart("b2")], [responsePart("b2"), responsePart("a1")]),
      history([callPart("a1")], [responsePart()]),
      history([callPart()], [responsePart()]),
    ]) {
      const answer = await call(url, { body, headers: apiKey });
      expect(answer.status, JSON.stringify(body)).toBe(200);
    }
  });

  it("refuses a response whose id matches no call before it: 400 INVALID_ARGUMENT naming it", async () => {
    const url = geminiUrl(simulator, "gemini-3-pro-preview", "generateContent");
    for (const body of [
      history([callPart("a1")], [responsePart("zz")]),
      history([callPart()], [responsePart("a1")]),
      {
        contents: [
          { role: "user", parts: [{ text: "weather?" }] },
          { role: "user", parts: [responsePart("a1")] },
          { role: "model", parts: [callPart("a1")] },
        ],
      },
    ]) {
      const answer = await call(url, { body, headers: apiKey });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.json).toMatchObject({ error: { code: 400, status: "INVALID_ARGUMENT" } });
      expect(JSON.stringify(answer.json)).toMatch(/function_response\.id/);
    }
  });

  it("checks every model, and the Cloud Code path too", async () => {
    const body = history([callPart("a1")], [responsePart("zz")]);
    const flash = await call(geminiUrl(simulator, "gemini-2.5-flash", "generateContent"), {
      body,
      headers: apiKey,
    });
    expect(flash.status).toBe(400);
    const cloudCode = await call(`${simulator.url}/v1internal:generateContent`, {
      body: { model: "gemini-3-pro-preview", project: "sim-project", request: body },
      headers: { authorization: `Bearer ${await accessToken(simulator)}` },
    });
    expect(cloudCode.status).toBe(400);
    expect(JSON.stringify(cloudCode.json)).toMatch(/function_response\.id/);
  });
});
