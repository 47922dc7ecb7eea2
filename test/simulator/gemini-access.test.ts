import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Simulator } from "../../src/simulator/index.js";
import { apiKey, call, geminiUrl, startQuietSimulator, userSays } from "./support.js";

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startQuietSimulator();
});
afterAll(() => simulator.close());
beforeEach(() => simulator.reset());

describe("Gemini API keys, models and malformed calls", () => {
  it("refuses a call without a key: 403 PERMISSION_DENIED", async () => {
    const answer = await call(geminiUrl(simulator, "gemini-2.5-flash", "generateContent"), {
      body: userSays("x"),
    });
    expect(answer.status).toBe(403);
    expect(answer.json).toMatchObject({ error: { code: 403, status: "PERMISSION_DENIED", details: [] } });
  });

  it("answers a key starting with `invalid` as Google does: 400 API_KEY_INVALID", async () => {
    const url = geminiUrl(simulator, "gemini-2.5-flash", "generateContent");
    const answer = await call(url, { body: userSays("x"), headers: { "x-goog-api-key": "invalid-key" } });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({
      error: {
        code: 400,
        message: "API key not valid. Please pass a valid API key.",
        status: "INVALID_ARGUMENT",
        details: [
          {
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            reason: "API_KEY_INVALID",
            domain: "googleapis.com",
            metadata: { service: "generativelanguage.googleapis.com" },
          },
          {
            "@type": "type.googleapis.com/google.rpc.LocalizedMessage",
            locale: "en-US",
            message: "API key not valid. Please pass a valid API key.",
          },
        ],
      },
    });
  });

  it("accepts ?key= like Google, and records it so tests can catch a leak", async () => {
    const url = `${geminiUrl(simulator, "gemini-2.5-flash", "generateContent")}?key=url-key`;
    expect((await call(url, { body: userSays("x") })).status).toBe(200);
    expect(simulator.requests[0]?.query).toEqual({ key: "url-key" });
    expect(simulator.requests[0]?.headers["x-goog-api-key"]).toBeUndefined();
  });

  it("answers an unknown model with 404 NOT_FOUND", async () => {
    const answer = await call(geminiUrl(simulator, "gemini-9-ultra", "generateContent"), {
      body: userSays("x"),
      headers: apiKey,
    });
    expect(answer.status).toBe(404);
    expect(answer.json).toMatchObject({ error: { code: 404, status: "NOT_FOUND" } });
    expect(JSON.stringify(answer.json)).toContain("models/gemini-9-ultra is not found");
  });

  it("answers an unknown route with a Google 404", async () => {
    const answer = await call(`${simulator.url}/v2/whatever`, { headers: apiKey });
    expect(answer.status).toBe(404);
    expect(answer.json).toEqual({
      error: { code: 404, message: "Method not found.", status: "NOT_FOUND", details: [] },
    });
  });

  it("refuses broken JSON and missing contents with 400 INVALID_ARGUMENT", async () => {
    const url = geminiUrl(simulator, "gemini-2.5-flash", "generateContent");
    const broken = await call(url, { body: "{nope", headers: apiKey });
    expect(broken.status).toBe(400);
    expect(broken.json).toMatchObject({ error: { status: "INVALID_ARGUMENT" } });
    const empty = await call(url, { body: { contents: [] }, headers: apiKey });
    expect(empty.status).toBe(400);
    expect(JSON.stringify(empty.json)).toContain("contents is not specified");
  });

  it("refuses a seed outside int32 as Google does, naming nothing a client sent", async () => {
    const url = geminiUrl(simulator, "gemini-2.5-flash", "generateContent");
    const withSeed = (seed: number) => ({ ...userSays("x"), generationConfig: { seed } });
    const refused = await call(url, { body: withSeed(2 ** 31), headers: apiKey });
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({
      error: {
        status: "INVALID_ARGUMENT",
        message: "Invalid value at 'generation_config.seed' (TYPE_INT32), 2147483648",
      },
    });
    expect((await call(url, { body: withSeed(-(2 ** 31)), headers: apiKey })).status).toBe(200);
  });
});
