import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { GenerateContentResponse, Simulator } from "../../src/simulator/index.js";
import { accessToken, call, sseData, startQuietSimulator, userSays } from "./support.js";

let simulator: Simulator;
let bearer: Record<string, string>;
beforeAll(async () => {
  simulator = await startQuietSimulator();
});
afterAll(() => simulator.close());
beforeEach(async () => {
  simulator.reset();
  bearer = { authorization: `Bearer ${await accessToken(simulator)}` };
});

interface Envelope {
  response: GenerateContentResponse;
  traceId: string;
}

const envelope = (text: string) => ({
  model: "gemini-2.5-pro",
  project: "sim-project",
  request: { ...userSays(text), sessionId: "s-1" },
  requestId: "r-1",
  userAgent: "agate",
  requestType: "agent",
});

describe("Cloud Code v1internal generation", () => {
  it("wraps the JSON answer in {response, traceId}", async () => {
    const answer = await call(`${simulator.url}/v1internal:generateContent`, {
      body: envelope("hi"),
      headers: bearer,
    });
    expect(answer.status).toBe(200);
    const body = answer.json as Envelope;
    expect(body.traceId).toMatch(/^[0-9a-f]{16}$/);
    expect(body.response.candidates?.[0]?.content.parts?.[0]?.text).toBe(
      "Hello from the agate simulator (gemini-2.5-pro). You said: hi",
    );
    expect(simulator.requests.at(-1)).toMatchObject({
      kind: "cloudcode",
      model: "gemini-2.5-pro",
      stream: false,
    });
  });

  it("wraps every SSE data line; the last one carries finishReason and the final usage", async () => {
    const url = `${simulator.url}/v1internal:streamGenerateContent?alt=sse`;
    const answer = await call(url, { body: envelope("stream this answer to me"), headers: bearer });
    const chunks = sseData(answer.text) as Envelope[];
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) expect(chunk.traceId).toBe(chunks[0]?.traceId);
    expect(chunks.at(-1)?.response.candidates?.[0]?.finishReason).toBe("STOP");
    expect(chunks.at(-1)?.response.usageMetadata?.totalTokenCount).toBeGreaterThan(0);
    expect(chunks[0]?.response.usageMetadata?.totalTokenCount).toBeLessThan(
      chunks.at(-1)?.response.usageMetadata?.totalTokenCount ?? 0,
    );
    expect(simulator.requests.at(-1)?.stream).toBe(true);
  });

  it("refuses an envelope without project, model or request: 400 INVALID_ARGUMENT", async () => {
    const url = `${simulator.url}/v1internal:generateContent`;
    for (const missing of ["project", "model", "request"] as const) {
      const body: Record<string, unknown> = envelope("x");
      delete body[missing];
      const answer = await call(url, { body, headers: bearer });
      expect(answer.status).toBe(400);
      expect(answer.json).toMatchObject({ error: { code: 400, status: "INVALID_ARGUMENT" } });
    }
  });

  it("404s an unknown model", async () => {
    const body = { ...envelope("x"), model: "gemini-2.5-pro-preview-06-05" };
    const answer = await call(`${simulator.url}/v1internal:generateContent`, { body, headers: bearer });
    expect(answer.status).toBe(404);
  });

  it("counts tokens without an envelope around the answer", async () => {
    const body = { request: { model: "models/gemini-2.5-flash", ...userSays("12345678") } };
    const answer = await call(`${simulator.url}/v1internal:countTokens`, { body, headers: bearer });
    expect(answer.json).toEqual({ totalTokens: 2 });
  });
});

describe("Cloud Code access tokens", () => {
  it("answers 401 UNAUTHENTICATED without a token, with an unknown one, and with an expired one", async () => {
    const url = `${simulator.url}/v1internal:generateContent`;
    const missing = await call(url, { body: envelope("x") });
    expect(missing.status).toBe(401);
    expect(missing.json).toMatchObject({ error: { code: 401, status: "UNAUTHENTICATED" } });
    const unknown = await call(url, { body: envelope("x"), headers: { authorization: "Bearer made-up" } });
    expect(unknown.status).toBe(401);
    expect((await call(url, { body: envelope("x"), headers: bearer })).status).toBe(200);
    simulator.expireAccessTokens();
    const expired = await call(url, { body: envelope("x"), headers: bearer });
    expect(expired.status).toBe(401);
    expect(JSON.stringify(expired.json)).toContain("ACCESS_TOKEN_EXPIRED");
  });
});

describe("Cloud Code account endpoints", () => {
  it("loadCodeAssist shows the project of an onboarded account", async () => {
    const answer = await call(`${simulator.url}/v1internal:loadCodeAssist`, {
      body: {
        metadata: { ideType: "IDE_UNSPECIFIED", platform: "PLATFORM_UNSPECIFIED", pluginType: "GEMINI" },
      },
      headers: bearer,
    });
    expect(answer.json).toMatchObject({
      cloudaicompanionProject: expect.stringMatching(/^sim-project-/),
      currentTier: { id: "free-tier" },
      allowedTiers: expect.arrayContaining([expect.objectContaining({ id: "free-tier", isDefault: true })]),
    });
  });

  it("onboards a new account: loadCodeAssist without project, onboardUser pending then done", async () => {
    simulator.addRefreshToken("rt-new", { email: "new@example.com", onboarded: false });
    const headers = { authorization: `Bearer ${await accessToken(simulator, "rt-new")}` };
    const metadata = { pluginType: "GEMINI" };
    const before = await call(`${simulator.url}/v1internal:loadCodeAssist`, { body: { metadata }, headers });
    expect(before.json).not.toHaveProperty("cloudaicompanionProject");
    expect(before.json).not.toHaveProperty("currentTier");
    const onboard = () =>
      call(`${simulator.url}/v1internal:onboardUser`, { body: { tierId: "free-tier", metadata }, headers });
    expect((await onboard()).json).toMatchObject({ done: false });
    const done = (await onboard()).json as {
      done: boolean;
      response: { cloudaicompanionProject: { id: string } };
    };
    expect(done.done).toBe(true);
    const after = await call(`${simulator.url}/v1internal:loadCodeAssist`, { body: { metadata }, headers });
    expect(after.json).toMatchObject({ cloudaicompanionProject: done.response.cloudaicompanionProject.id });
  });

  it("fetchAvailableModels by default: the current Gemini 3 models, thinking, and the Flash-Lite preview forwarded to its GA id", async () => {
    const answer = await call(`${simulator.url}/v1internal:fetchAvailableModels`, {
      body: { project: "p" },
      headers: bearer,
    });
    expect(answer.json).toMatchObject({
      models: {
        "gemini-3.5-flash": { supportsThinking: true },
        "gemini-3.1-flash-lite": { supportsThinking: true },
        "gemini-3.1-pro-preview": { supportsThinking: true },
      },
      deprecatedModelIds: {
        "gemini-2.5-pro-preview-06-05": { newModelId: "gemini-2.5-pro" },
        "gemini-3.1-flash-lite-preview": { newModelId: "gemini-3.1-flash-lite" },
      },
    });
  });

  it("fetchAvailableModels shows quota per model and a deprecated id", async () => {
    const custom = await startQuietSimulator({
      models: [
        { id: "gemini-2.5-pro", thinking: true, remainingFraction: 0.25, resetTime: "2030-01-01T00:00:00Z" },
        { id: "gemini-2.5-flash" },
      ],
    });
    try {
      const headers = { authorization: `Bearer ${await accessToken(custom)}` };
      const answer = await call(`${custom.url}/v1internal:fetchAvailableModels`, {
        body: { project: "p" },
        headers,
      });
      expect(answer.json).toMatchObject({
        models: {
          "gemini-2.5-pro": {
            supportsThinking: true,
            quotaInfo: { remainingFraction: 0.25, resetTime: "2030-01-01T00:00:00Z" },
          },
          "gemini-2.5-flash": {
            quotaInfo: { remainingFraction: 1, resetTime: expect.stringMatching(/T00:00:00Z$/) },
          },
        },
        deprecatedModelIds: { "gemini-2.5-pro-preview-06-05": { newModelId: "gemini-2.5-pro" } },
      });
    } finally {
      await custom.close();
    }
  });
});
