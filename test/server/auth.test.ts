import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Gateway } from "../../src/gateway.js";
import { ApiKeyChecker, extractApiKey, resolveAuthMode, routeNeedsKey } from "../../src/server/auth.js";
import { testGateway } from "../helpers/gateway.js";
import { CHAT_BODY, expectOpenAIError } from "./support.js";

const KEYS = ["k1", "k2"];

interface ModeCase {
  label: string;
  config: Record<string, unknown>;
  guardsHealth: boolean;
  guardsApi: boolean;
}

const MODES: ModeCase[] = [
  { label: "off", config: { auth_mode: "off" }, guardsHealth: false, guardsApi: false },
  { label: "strict", config: { auth_mode: "strict" }, guardsHealth: true, guardsApi: true },
  {
    label: "all_except_health",
    config: { auth_mode: "all_except_health" },
    guardsHealth: false,
    guardsApi: true,
  },
  {
    label: "auto, allow_lan_access false (= off)",
    config: { auth_mode: "auto", allow_lan_access: false },
    guardsHealth: false,
    guardsApi: false,
  },
  {
    label: "auto, allow_lan_access true (= all_except_health)",
    config: { auth_mode: "auto", allow_lan_access: true },
    guardsHealth: false,
    guardsApi: true,
  },
];

interface KeyCase {
  label: string;
  headers: Record<string, string>;
  valid: boolean;
}

const KEY_CASES: KeyCase[] = [
  { label: "Authorization: Bearer <key>", headers: { authorization: "Bearer k1" }, valid: true },
  {
    label: "authorization: bearer <key> (scheme lower-case)",
    headers: { authorization: "bearer k2" },
    valid: true,
  },
  {
    label: "Authorization: BEARER <key> (scheme upper-case)",
    headers: { authorization: "BEARER k1" },
    valid: true,
  },
  { label: "x-api-key", headers: { "x-api-key": "k1" }, valid: true },
  { label: "x-goog-api-key", headers: { "x-goog-api-key": "k2" }, valid: true },
  { label: "no key", headers: {}, valid: false },
  { label: "wrong Bearer key", headers: { authorization: "Bearer wrong-key-123" }, valid: false },
  { label: "wrong x-api-key", headers: { "x-api-key": "wrong-key-123" }, valid: false },
  { label: "non-Bearer scheme only", headers: { authorization: "Basic azE6" }, valid: false },
];

interface RouteCase {
  label: string;
  method: "GET" | "POST";
  url: string;
  health: boolean;
  okStatus: number;
  okCode?: string;
}

const ROUTES: RouteCase[] = [
  { label: "GET /healthz", method: "GET", url: "/healthz", health: true, okStatus: 200 },
  { label: "GET /v1/models", method: "GET", url: "/v1/models", health: false, okStatus: 200 },
  {
    label: "POST /v1/chat/completions",
    method: "POST",
    url: "/v1/chat/completions",
    health: false,
    // No accounts: once past auth, the route answers 503 no_accounts.
    okStatus: 503,
    okCode: "no_accounts",
  },
];

const inject = (gateway: Gateway, route: RouteCase, headers: Record<string, string>) =>
  gateway.app.inject({
    method: route.method,
    url: route.url,
    headers,
    ...(route.method === "POST" ? { payload: CHAT_BODY } : {}),
  });

describe.each(MODES)("auth_mode $label", (mode) => {
  let gateway: Gateway;
  beforeAll(async () => {
    gateway = await testGateway({ ...mode.config, api_keys: KEYS });
  });
  afterAll(async () => {
    await gateway.close();
  });

  describe.each(ROUTES)("$label", (route) => {
    const needsKey = route.health ? mode.guardsHealth : mode.guardsApi;

    it.each(KEY_CASES)("with $label", async (keyCase) => {
      const response = await inject(gateway, route, keyCase.headers);
      if (needsKey && !keyCase.valid) {
        const error = expectOpenAIError(response, 401, {
          code: "invalid_api_key",
          type: "invalid_request_error",
          param: null,
        });
        expect(error.message).not.toContain("wrong-key-123");
        return;
      }
      expect(response.statusCode, response.body).toBe(route.okStatus);
      if (route.okCode !== undefined) expect(JSON.parse(response.body).error.code).toBe(route.okCode);
    });
  });
});

describe("key extraction precedence (strict)", () => {
  let gateway: Gateway;
  beforeAll(async () => {
    gateway = await testGateway({ auth_mode: "strict", api_keys: KEYS });
  });
  afterAll(async () => {
    await gateway.close();
  });

  const get = (headers: Record<string, string>, url = "/v1/models") =>
    gateway.app.inject({ method: "GET", url, headers });

  it("a wrong Bearer key is not rescued by a right x-api-key", async () => {
    const response = await get({ authorization: "Bearer wrong", "x-api-key": "k1" });
    expectOpenAIError(response, 401, { code: "invalid_api_key", param: null });
  });

  it("a right Bearer key wins over a wrong x-api-key", async () => {
    expect((await get({ authorization: "Bearer k1", "x-api-key": "wrong" })).statusCode).toBe(200);
  });

  it("a wrong x-api-key is not rescued by a right x-goog-api-key", async () => {
    const response = await get({ "x-api-key": "wrong", "x-goog-api-key": "k1" });
    expectOpenAIError(response, 401, { code: "invalid_api_key", param: null });
  });

  it.each(KEYS)("configured key %s is accepted", async (key) => {
    expect((await get({ authorization: `Bearer ${key}` })).statusCode).toBe(200);
  });

  it("surrounding whitespace around the Bearer key is ignored", async () => {
    expect((await get({ authorization: "  Bearer   k2  " })).statusCode).toBe(200);
  });

  it("a key that is a prefix of a configured key is refused", async () => {
    expectOpenAIError(await get({ authorization: "Bearer k" }), 401, { code: "invalid_api_key" });
  });

  it.each(["/v1/models?key=k1", "/v1/models?api_key=k1", "/healthz?key=k1"])(
    "a key in the URL query does not authenticate: %s",
    async (url) => {
      expectOpenAIError(await get({}, url), 401, { code: "invalid_api_key", param: null });
    },
  );

  it("strict also guards unknown routes (401 before the 404)", async () => {
    expectOpenAIError(await get({}, "/v2/whatever"), 401, { code: "invalid_api_key" });
  });

  it("an OPTIONS request needs no key (no 401 even without CORS configured)", async () => {
    const response = await gateway.app.inject({
      method: "OPTIONS",
      url: "/v1/chat/completions",
      headers: { origin: "https://app.example", "access-control-request-method": "POST" },
    });
    expect(response.statusCode).not.toBe(401);
  });
});

describe("CORS preflight in strict mode", () => {
  let gateway: Gateway;
  beforeAll(async () => {
    gateway = await testGateway({
      auth_mode: "strict",
      api_keys: KEYS,
      cors_origins: ["https://app.example"],
    });
  });
  afterAll(async () => {
    await gateway.close();
  });

  it.each(["/v1/chat/completions", "/v1/models", "/healthz"])(
    "OPTIONS %s answers 204 without a key",
    async (url) => {
      const response = await gateway.app.inject({
        method: "OPTIONS",
        url,
        headers: {
          origin: "https://app.example",
          "access-control-request-method": "POST",
          "access-control-request-headers": "authorization, content-type",
        },
      });
      expect(response.statusCode).toBe(204);
      expect(response.headers["access-control-allow-origin"]).toBe("https://app.example");
    },
  );
});

describe("auth units", () => {
  it.each([
    ["off", false, "off"],
    ["off", true, "off"],
    ["strict", false, "strict"],
    ["all_except_health", false, "all_except_health"],
    ["auto", false, "off"],
    ["auto", true, "all_except_health"],
  ] as const)("resolveAuthMode(%s, lan=%s) = %s", (authMode, lan, expected) => {
    expect(resolveAuthMode({ auth_mode: authMode, allow_lan_access: lan })).toBe(expected);
  });

  it.each([
    ["off", "GET", "/v1/models", false],
    ["strict", "GET", "/healthz", true],
    ["strict", "OPTIONS", "/v1/models", false],
    ["all_except_health", "GET", "/healthz", false],
    ["all_except_health", "HEAD", "/healthz", false],
    ["all_except_health", "GET", "/healthz/", true],
    ["all_except_health", "POST", "/v1/chat/completions", true],
  ] as const)("routeNeedsKey(%s, %s, %s) = %s", (authMode, method, path, expected) => {
    expect(routeNeedsKey(authMode, method, path)).toBe(expected);
  });

  it.each([
    [{ authorization: "Bearer a" }, "a"],
    [{ authorization: "bEaReR a" }, "a"],
    [{ authorization: "Bearer a", "x-api-key": "b" }, "a"],
    [{ authorization: "Basic a", "x-api-key": "b" }, "b"],
    [{ "x-api-key": "b", "x-goog-api-key": "c" }, "b"],
    [{ "x-goog-api-key": "c" }, "c"],
    [{ "x-api-key": "  " }, undefined],
    [{}, undefined],
  ])("extractApiKey(%j) = %s", (headers, expected) => {
    expect(extractApiKey(headers)).toBe(expected);
  });

  it("ApiKeyChecker matches any configured key and nothing else", () => {
    const checker = new ApiKeyChecker(["alpha", "beta"]);
    expect(checker.matches("alpha")).toBe(true);
    expect(checker.matches("beta")).toBe(true);
    expect(checker.matches("alph")).toBe(false);
    expect(checker.matches("")).toBe(false);
    expect(new ApiKeyChecker([]).matches("alpha")).toBe(false);
  });
});
