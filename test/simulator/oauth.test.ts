import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Simulator } from "../../src/simulator/index.js";
import { accessToken, call, startQuietSimulator } from "./support.js";

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startQuietSimulator();
});
afterAll(() => simulator.close());
beforeEach(() => simulator.reset());

function refresh(refreshToken: string) {
  return fetch(`${simulator.url}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      client_id: "id",
      client_secret: "secret",
      refresh_token: refreshToken,
      grant_type: "refresh_token",
    }),
  });
}

describe("the OAuth token endpoint", () => {
  it("exchanges a registered refresh token for a bearer access token", async () => {
    simulator.addRefreshToken("rt-alice", { email: "alice@example.com" });
    const response = await refresh("rt-alice");
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: 3599 });
    expect(body.access_token).toMatch(/^sim-access-/);
    expect(body.scope).toContain("https://www.googleapis.com/auth/cloud-platform");
    expect(simulator.requests[0]).toMatchObject({ kind: "oauth", body: { grant_type: "refresh_token" } });
  });

  it("accepts any sim-refresh-* token with no setup", async () => {
    expect((await refresh("sim-refresh-demo")).status).toBe(200);
  });

  it("answers invalid_grant for an unknown or invalid refresh token", async () => {
    simulator.addRefreshToken("rt-dead", { invalid: true });
    for (const token of ["rt-dead", "never-registered"]) {
      const response = await refresh(token);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        error: "invalid_grant",
        error_description: "Token has been expired or revoked.",
      });
    }
  });

  it("answers unsupported_grant_type for another grant", async () => {
    const answer = await call(`${simulator.url}/token`, { body: { grant_type: "password" } });
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ error: "unsupported_grant_type" });
  });

  it("serves userinfo for a valid access token, 401 once it expired", async () => {
    simulator.addRefreshToken("rt-bob", { email: "bob@example.com" });
    const headers = { authorization: `Bearer ${await accessToken(simulator, "rt-bob")}` };
    const info = await call(`${simulator.url}/oauth2/v2/userinfo`, { headers });
    expect(info.json).toEqual({
      email: "bob@example.com",
      id: expect.stringMatching(/^\d+$/),
      verified_email: true,
    });
    simulator.expireAccessTokens();
    const expired = await call(`${simulator.url}/oauth2/v2/userinfo`, { headers });
    expect(expired.status).toBe(401);
    expect(expired.json).toMatchObject({ error: { status: "UNAUTHENTICATED" } });
  });

  it("a fresh refresh after expiry gives a working token again", async () => {
    const url = `${simulator.url}/v1internal:loadCodeAssist`;
    const first = { authorization: `Bearer ${await accessToken(simulator)}` };
    simulator.expireAccessTokens();
    expect((await call(url, { body: {}, headers: first })).status).toBe(401);
    const second = { authorization: `Bearer ${await accessToken(simulator)}` };
    expect((await call(url, { body: {}, headers: second })).status).toBe(200);
  });
});
