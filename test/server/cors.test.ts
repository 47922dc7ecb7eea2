import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Gateway } from "../../src/gateway.js";
import { testGateway } from "../helpers/gateway.js";
import { startStack } from "../helpers/stack.js";
import { expectOpenAIError } from "./support.js";

const APP = "https://app.example";
const OTHER = "https://other.example";

const exposed = (value: unknown): string[] =>
  String(value ?? "")
    .split(",")
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== "");

/** What a browser takes as "not allowed": no access-control-allow-origin; the body says why. */
function expectRefusedPreflight(response: Awaited<ReturnType<typeof preflight>>): void {
  expectOpenAIError(response, 403, { code: "cors_origin_not_allowed" });
  expect(response.headers["access-control-allow-origin"]).toBeUndefined();
  expect(response.json().error.message).toContain("cors_origins");
  expect(response.headers["x-request-id"]).toBeTypeOf("string");
}

const preflight = (gateway: Gateway, origin: string, url = "/v1/chat/completions") =>
  gateway.app.inject({
    method: "OPTIONS",
    url,
    headers: {
      origin,
      "access-control-request-method": "POST",
      "access-control-request-headers": "authorization, content-type",
    },
  });

describe("no cors_origins (default)", () => {
  let gateway: Gateway;
  beforeAll(async () => {
    gateway = await testGateway();
  });
  afterAll(async () => {
    await gateway.close();
  });

  it("a cross-origin request is served but gets no access-control-allow-origin", async () => {
    const response = await gateway.app.inject({ method: "GET", url: "/v1/models", headers: { origin: APP } });
    expect(response.statusCode).toBe(200);
    expect(response.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("a preflight is refused: 403 without access-control-allow-origin, not an unknown route", async () => {
    const response = await preflight(gateway, APP);
    expectRefusedPreflight(response);
  });

  it("an OPTIONS request that is not a preflight (no Origin) is an unknown route as before", async () => {
    const response = await gateway.app.inject({ method: "OPTIONS", url: "/v1/chat/completions" });
    expectOpenAIError(response, 404, { code: "unknown_route" });
  });
});

describe('cors_origins: ["https://app.example"]', () => {
  let gateway: Gateway;
  beforeAll(async () => {
    gateway = await testGateway({ cors_origins: [APP] });
  });
  afterAll(async () => {
    await gateway.close();
  });

  it("the listed origin gets access-control-allow-origin", async () => {
    const response = await gateway.app.inject({ method: "GET", url: "/v1/models", headers: { origin: APP } });
    expect(response.statusCode).toBe(200);
    expect(response.headers["access-control-allow-origin"]).toBe(APP);
    expect(String(response.headers.vary)).toMatch(/origin/i);
  });

  it("the exposed headers include x-request-id and x-mapped-model", async () => {
    const response = await gateway.app.inject({ method: "GET", url: "/healthz", headers: { origin: APP } });
    const names = exposed(response.headers["access-control-expose-headers"]);
    expect(names).toContain("x-request-id");
    expect(names).toContain("x-mapped-model");
  });

  it("the exposed headers include the retry advice the SDK reads on a 429 (not CORS-safelisted)", async () => {
    const response = await gateway.app.inject({ method: "GET", url: "/healthz", headers: { origin: APP } });
    const names = exposed(response.headers["access-control-expose-headers"]);
    expect(names).toContain("retry-after");
    expect(names).toContain("x-should-retry");
  });

  it("an error answer (503 no_accounts) to the listed origin is readable by the page", async () => {
    const response = await gateway.app.inject({
      method: "POST",
      url: "/v1/chat/completions",
      headers: { origin: APP },
      payload: { model: "gpt-4o", messages: [{ role: "user", content: "hi" }] },
    });
    expectOpenAIError(response, 503, { code: "no_accounts" });
    expect(response.headers["access-control-allow-origin"]).toBe(APP);
    expect(exposed(response.headers["access-control-expose-headers"])).toContain("x-mapped-model");
  });

  it.each([OTHER, "http://app.example", "https://app.example.evil.example", "null"])(
    "origin %s does not get it",
    async (origin) => {
      const response = await gateway.app.inject({ method: "GET", url: "/v1/models", headers: { origin } });
      expect(response.headers["access-control-allow-origin"]).toBeUndefined();
    },
  );

  it("the preflight of the listed origin answers 204 with the allowed method and headers", async () => {
    const response = await preflight(gateway, APP);
    expect(response.statusCode).toBe(204);
    expect(response.headers["access-control-allow-origin"]).toBe(APP);
    expect(String(response.headers["access-control-allow-methods"])).toContain("POST");
    const allowedHeaders = exposed(response.headers["access-control-allow-headers"]);
    expect(allowedHeaders).toContain("authorization");
    expect(allowedHeaders).toContain("content-type");
  });

  it("the preflight of another origin is refused: 403 without access-control-allow-origin", async () => {
    const response = await preflight(gateway, OTHER);
    expectRefusedPreflight(response);
    expect(response.headers["access-control-allow-methods"]).toBeUndefined();
  });
});

describe('cors_origins: ["*"]', () => {
  let gateway: Gateway;
  beforeAll(async () => {
    gateway = await testGateway({ cors_origins: ["*"] });
  });
  afterAll(async () => {
    await gateway.close();
  });

  it.each([APP, OTHER, "http://localhost:3000"])("origin %s is allowed", async (origin) => {
    const response = await gateway.app.inject({ method: "GET", url: "/v1/models", headers: { origin } });
    expect([origin, "*"]).toContain(response.headers["access-control-allow-origin"]);
  });

  it("a same-origin request (no Origin header) gets no CORS header", async () => {
    const response = await gateway.app.inject({ method: "GET", url: "/v1/models" });
    expect(response.headers["access-control-allow-origin"]).toBeUndefined();
  });
});

describe("preflight in strict mode", () => {
  let gateway: Gateway;
  beforeAll(async () => {
    gateway = await testGateway({ auth_mode: "strict", api_keys: ["k1"], cors_origins: [APP] });
  });
  afterAll(async () => {
    await gateway.close();
  });

  it.each(["/v1/chat/completions", "/v1/models", "/healthz"])(
    "OPTIONS %s answers 204 with no key",
    async (url) => {
      const response = await preflight(gateway, APP, url);
      expect(response.statusCode).toBe(204);
      expect(response.headers["access-control-allow-origin"]).toBe(APP);
      expect(response.headers["x-request-id"]).toBeTypeOf("string");
    },
  );

  it("the preflight of another origin is refused without asking for a key", async () => {
    expectRefusedPreflight(await preflight(gateway, OTHER, "/healthz"));
  });

  it("the real request after the preflight still needs the key, and its 401 is readable cross-origin", async () => {
    const response = await gateway.app.inject({
      method: "POST",
      url: "/v1/chat/completions",
      headers: { origin: APP },
      payload: { model: "gpt-4o", messages: [{ role: "user", content: "hi" }] },
    });
    expectOpenAIError(response, 401, { code: "invalid_api_key", param: null });
    expect(response.headers["access-control-allow-origin"]).toBe(APP);
  });
});

describe("a streamed answer to a listed origin", () => {
  it("carries the CORS headers with the event stream (written past fastify's send)", async () => {
    const stack = await startStack(1, { cors_origins: [APP] });
    try {
      const response = await fetch(`${stack.url}/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: APP },
        body: JSON.stringify({ model: "gpt-4o", stream: true, messages: [{ role: "user", content: "hi" }] }),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("text/event-stream");
      expect(response.headers.get("access-control-allow-origin")).toBe(APP);
      expect(exposed(response.headers.get("access-control-expose-headers"))).toContain("x-request-id");
      expect(response.headers.get("x-request-id")).toMatch(/^req_/);
      expect(await response.text()).toContain("data: [DONE]");
    } finally {
      await stack.close();
    }
  });
});
