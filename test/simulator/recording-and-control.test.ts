import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { faults, type RecordedRequest, type Simulator } from "../../src/simulator/index.js";
import { accessToken, apiKey, call, geminiUrl, startQuietSimulator, userSays } from "./support.js";

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startQuietSimulator();
});
afterAll(() => simulator.close());
beforeEach(() => simulator.reset());

describe("request recording", () => {
  it("records method, path, query, lowercased headers, parsed body, kind, model and stream", async () => {
    const before = Date.now();
    await call(geminiUrl(simulator, "gemini-2.5-flash", "streamGenerateContent"), {
      body: userSays("record me"),
      headers: { "X-Goog-Api-Key": "k-1", "X-Custom": "yes" },
    });
    expect(simulator.requests).toHaveLength(1);
    const recorded = simulator.requests[0] as RecordedRequest;
    expect(recorded).toMatchObject({
      method: "POST",
      path: "/v1beta/models/gemini-2.5-flash:streamGenerateContent",
      query: { alt: "sse" },
      body: userSays("record me"),
      kind: "gemini",
      model: "gemini-2.5-flash",
      stream: true,
    });
    expect(recorded.headers["x-goog-api-key"]).toBe("k-1");
    expect(recorded.headers["x-custom"]).toBe("yes");
    expect(recorded.receivedAt).toBeGreaterThanOrEqual(before);
  });

  it("records refused requests too, and reset() clears them with the scripts", async () => {
    simulator.script({ forever: true, respond: faults.overloaded() });
    await call(geminiUrl(simulator, "nope", "generateContent"), { body: userSays("x") });
    expect(simulator.requests).toHaveLength(1);
    simulator.reset();
    expect(simulator.requests).toHaveLength(0);
    expect(
      (
        await call(geminiUrl(simulator, "gemini-2.5-flash", "generateContent"), {
          body: userSays("x"),
          headers: apiKey,
        })
      ).status,
    ).toBe(200);
  });

  it("can be turned off for benchmarks", async () => {
    const silent = await startQuietSimulator({ recordRequests: false });
    try {
      await call(geminiUrl(silent, "gemini-2.5-flash", "generateContent"), {
        body: userSays("x"),
        headers: apiKey,
      });
      expect(silent.requests).toHaveLength(0);
    } finally {
      await silent.close();
    }
  });
});

describe("control over HTTP", () => {
  it("scripts a rule, lists requests and resets", async () => {
    const scripted = await call(`${simulator.url}/__sim/script`, { body: { respond: faults.overloaded() } });
    expect(scripted.json).toEqual({ ok: true });
    const url = geminiUrl(simulator, "gemini-2.5-flash", "generateContent");
    expect((await call(url, { body: userSays("x"), headers: apiKey })).status).toBe(503);
    const listed = (await call(`${simulator.url}/__sim/requests`)).json as { requests: RecordedRequest[] };
    expect(listed.requests.map((request) => request.kind)).toEqual(["control", "gemini", "control"]);
    await call(`${simulator.url}/__sim/reset`, { method: "POST" });
    expect(simulator.requests).toHaveLength(0);
  });

  it("refuses a rule without `respond`", async () => {
    const answer = await call(`${simulator.url}/__sim/script`, { body: { match: {} } });
    expect(answer.status).toBe(400);
  });

  it("registers refresh tokens and expires access tokens", async () => {
    await call(`${simulator.url}/__sim/refresh-tokens`, { body: { refreshToken: "rt-http", invalid: true } });
    const refused = await fetch(`${simulator.url}/token`, {
      method: "POST",
      body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: "rt-http" }),
    });
    expect(refused.status).toBe(400);
    const headers = { authorization: `Bearer ${await accessToken(simulator)}` };
    await call(`${simulator.url}/__sim/expire-access-tokens`, { method: "POST" });
    expect((await call(`${simulator.url}/v1internal:loadCodeAssist`, { body: {}, headers })).status).toBe(
      401,
    );
  });
});
