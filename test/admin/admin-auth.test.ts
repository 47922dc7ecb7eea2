import { afterEach, describe, expect, it } from "vitest";
import { startPoolStack } from "../pool/support.js";
import { call, errorOf } from "./support.js";

const stacks: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const stack of stacks.splice(0)) await stack.close();
});

const ADMIN_KEY = "admin-key-0123456789abcdef";
const CLIENT_KEY = "client-key-0123456789abcdef";

async function stack(config: Record<string, unknown> = {}) {
  const started = await startPoolStack({ accounts: [], config });
  stacks.push(started);
  return started;
}

describe("admin API auth (adminGuard: admin_key, else loopback only)", () => {
  it("without admin_key: loopback gets in, a remote address gets 403, client keys play no part", async () => {
    const { url, gateway } = await stack({ api_keys: [CLIENT_KEY], auth_mode: "all_except_health" });
    expect((await call(url, "GET", "/admin/accounts")).status).toBe(200);
    const remote = await gateway.app.inject({
      method: "GET",
      url: "/admin/accounts",
      remoteAddress: "192.0.2.10",
      headers: { authorization: `Bearer ${CLIENT_KEY}` },
    });
    expect(remote.statusCode).toBe(403);
    expect(remote.json()).toEqual({
      error: expect.objectContaining({ code: "admin_loopback_only", type: "permission_error" }),
    });
    const anyRoute = await gateway.app.inject({
      method: "POST",
      url: "/admin/accounts",
      remoteAddress: "192.0.2.10",
    });
    expect(anyRoute.statusCode).toBe(403);
  });

  it.each<[string, string]>([
    ["x-forwarded-for", "203.0.113.7"],
    ["forwarded", "for=203.0.113.7;proto=https"],
    ["x-real-ip", "203.0.113.7"],
  ])(
    "without admin_key: a loopback request relayed by a proxy (%s) gets 403, not the admin API",
    async (name, value) => {
      const { url } = await stack();
      const answer = await call(url, "GET", "/admin/accounts", { headers: { [name]: value } });
      expect(answer.status).toBe(403);
      expect(errorOf(answer)).toMatchObject({ code: "admin_loopback_only", type: "permission_error" });
      expect(errorOf(answer).message).toContain("proxy");
      expect((await call(url, "GET", "/metrics", { headers: { [name]: value } })).status).toBe(403);
    },
  );

  it("with admin_key: no key or a wrong key or a client key → 401; the admin key (Bearer or x-admin-key) → 200", async () => {
    const { url, gateway } = await stack({
      admin_key: ADMIN_KEY,
      api_keys: [CLIENT_KEY],
      auth_mode: "all_except_health",
    });
    for (const headers of [
      {},
      { authorization: "Bearer wrong-key-0123456789" },
      { authorization: `Bearer ${CLIENT_KEY}` },
    ]) {
      const answer = await call(url, "GET", "/admin/model-mapping", { headers });
      expect(answer.status).toBe(401);
      expect(errorOf(answer)).toMatchObject({ code: "invalid_api_key", type: "invalid_request_error" });
    }
    expect(
      (await call(url, "GET", "/admin/accounts", { headers: { authorization: `Bearer ${ADMIN_KEY}` } }))
        .status,
    ).toBe(200);
    expect((await call(url, "GET", "/admin/config", { headers: { "x-admin-key": ADMIN_KEY } })).status).toBe(
      200,
    );
    const remote = await gateway.app.inject({
      method: "GET",
      url: "/admin/accounts",
      remoteAddress: "192.0.2.10",
      headers: { "x-admin-key": ADMIN_KEY },
    });
    expect(remote.statusCode).toBe(200);
    // The admin key is not a client key.
    expect(
      (await call(url, "GET", "/v1/models", { headers: { authorization: `Bearer ${ADMIN_KEY}` } })).status,
    ).toBe(401);
    expect(
      (await call(url, "GET", "/v1/models", { headers: { authorization: `Bearer ${CLIENT_KEY}` } })).status,
    ).toBe(200);
  });

  it("refuses a change sent by another site's page (CSRF), even on loopback without admin_key", async () => {
    const started = await startPoolStack({
      accounts: [{ kind: "gemini", label: "team", api_key: "key-team" }],
      config: { cors_origins: ["http://tools.team.example"] },
    });
    stacks.push(started);
    const { url } = started;
    // What a page on evil.example can send without a preflight: a POST with no body.
    for (const headers of [
      { origin: "http://evil.example" },
      { origin: "http://127.0.0.1:3000" },
      { origin: "null" },
      { origin: url, "sec-fetch-site": "same-site" },
    ]) {
      const refused = await call(url, "POST", "/admin/accounts/team/disable", { headers });
      expect(refused.status, JSON.stringify(headers)).toBe(403);
      expect(errorOf(refused)).toMatchObject({ code: "cross_origin_refused", type: "permission_error" });
    }
    const account = await call(url, "GET", "/admin/accounts/team", {
      headers: { origin: "http://evil.example" },
    });
    expect(account.json).toMatchObject({ state: "active" });
    // The dashboard itself (same origin), a listed origin and tools that send no Origin (curl, the CLI) get in.
    for (const headers of [
      { origin: url, "sec-fetch-site": "same-origin" },
      { origin: url },
      { origin: "http://tools.team.example" },
      {},
    ]) {
      const allowed = await call(url, "POST", "/admin/accounts/team/enable", { headers });
      expect(allowed.status, JSON.stringify(headers)).toBe(200);
    }
  });
});
