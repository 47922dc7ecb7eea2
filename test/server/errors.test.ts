import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Gateway } from "../../src/gateway.js";
import { testGateway } from "../helpers/gateway.js";
import { CHAT_BODY, expectOpenAIError } from "./support.js";

const BODY_LIMIT = 1024;
const HOST = "127.0.0.1:8045";

const userMessage = { role: "user", content: "hi" };

let gateway: Gateway;
beforeAll(async () => {
  gateway = await testGateway({ body_limit_bytes: BODY_LIMIT });
});
afterAll(async () => {
  await gateway.close();
});

const postChat = (payload: object) =>
  gateway.app.inject({
    method: "POST",
    url: "/v1/chat/completions",
    payload,
  });

const postRawJson = (payload: string, contentType = "application/json") =>
  gateway.app.inject({
    method: "POST",
    url: "/v1/chat/completions",
    headers: { "content-type": contentType },
    payload,
  });

describe("x-request-id", () => {
  it.each<[string, InjectOptions]>([
    ["200 /healthz", { method: "GET", url: "/healthz" }],
    ["200 /v1/models", { method: "GET", url: "/v1/models" }],
    ["404 unknown route", { method: "GET", url: "/v2/whatever" }],
    ["404 unknown model", { method: "GET", url: "/v1/models/nope" }],
    ["403 foreign host", { method: "GET", url: "/healthz", headers: { host: "evil.example" } }],
    [
      "400 invalid JSON",
      {
        method: "POST",
        url: "/v1/chat/completions",
        headers: { "content-type": "application/json" },
        payload: "{",
      },
    ],
    [
      "413 too large",
      {
        method: "POST",
        url: "/v1/chat/completions",
        payload: { ...CHAT_BODY, pad: "x".repeat(2 * BODY_LIMIT) },
      },
    ],
    [
      "415 not JSON",
      {
        method: "POST",
        url: "/v1/chat/completions",
        headers: { "content-type": "application/xml" },
        payload: "<a/>",
      },
    ],
    ["503 no accounts", { method: "POST", url: "/v1/chat/completions", payload: CHAT_BODY }],
  ])("is on the %s response", async (_label, options) => {
    const response = await gateway.app.inject(options);
    expect(response.headers["x-request-id"]).toMatch(/\S/);
  });

  it("differs between two requests", async () => {
    const first = await gateway.app.inject({ method: "GET", url: "/healthz" });
    const second = await gateway.app.inject({ method: "GET", url: "/healthz" });
    expect(first.headers["x-request-id"]).not.toBe(second.headers["x-request-id"]);
  });
});

describe("unknown routes", () => {
  /** A request on `url` by `method`, with a chat body when it is a POST. */
  const routeCall = (method: "GET" | "POST", url: string) =>
    gateway.app.inject({
      method,
      url,
      headers: { host: HOST },
      ...(method === "POST" ? { payload: CHAT_BODY } : {}),
    });

  it.each<["GET" | "POST", string]>([
    ["POST", "/v1/v1/chat/completions"],
    ["POST", "/v1/chat/completions/responses"],
    ["POST", "/chat/completions"],
    ["GET", "/models"],
    ["GET", "/v1/v1/models"],
    ["POST", "/completions"],
  ])("%s %s (mis-built base URL) → 404 naming http://<host>/v1", async (method, url) => {
    const response = await routeCall(method, url);
    const error = expectOpenAIError(response, 404, { code: "unknown_route", param: null });
    expect(error.message).toContain(`http://${HOST}/v1`);
    expect(error.message).toMatch(/base URL/i);
  });

  it.each<["GET" | "POST", string]>([
    ["POST", "/v1//chat/completions"],
    ["POST", "//v1/chat/completions"],
    ["POST", "/v1/chat//completions"],
    ["GET", "/v1//models"],
  ])(
    "%s %s (a base URL ending in '/') → 404 naming http://<host>/v1 and the double slash",
    async (method, url) => {
      const response = await routeCall(method, url);
      const error = expectOpenAIError(response, 404, { code: "unknown_route", param: null });
      expect(error.message).toContain(`http://${HOST}/v1`);
      expect(error.message).toContain("//");
      expect(error.message).toMatch(/base URL/i);
    },
  );

  it.each<["GET" | "POST", string, string]>([
    ["POST", "/v1/chat/completions/", "/v1/chat/completions"],
    ["POST", "/v1/responses/", "/v1/responses"],
    ["GET", "/v1/models/", "/v1/models"],
    ["POST", "/v1/completions/?api-version=1", "/v1/completions"],
  ])("%s %s (trailing slash) → 404 naming the route without it", async (method, url, route) => {
    const response = await routeCall(method, url);
    const error = expectOpenAIError(response, 404, { code: "unknown_route", param: null });
    expect(error.message).toContain(`http://${HOST}${route} (no trailing slash)`);
  });

  it.each<["GET" | "PUT" | "DELETE", string]>([
    ["GET", "/v1/chat/completions"],
    ["PUT", "/v1/completions"],
    ["DELETE", "/v1/chat/completions"],
  ])("%s %s (a POST route) → 404 saying it takes POST", async (method, url) => {
    const response = await gateway.app.inject({ method, url, headers: { host: HOST } });
    const error = expectOpenAIError(response, 404, { code: "unknown_route", param: null });
    expect(error.message).toContain(`${url} takes POST`);
    expect(error.message).not.toMatch(/base URL/i);
  });

  it("the hint uses the Host the client called", async () => {
    const response = await gateway.app.inject({
      method: "POST",
      url: "/chat/completions",
      headers: { host: "localhost:9999" },
      payload: CHAT_BODY,
    });
    expect(expectOpenAIError(response, 404, { code: "unknown_route" }).message).toContain(
      "http://localhost:9999/v1",
    );
  });

  it.each<["GET" | "DELETE", string]>([
    ["GET", "/v1/chat/completions/chatcmpl-abc123"],
    ["DELETE", "/v1/chat/completions/chatcmpl-abc123"],
    ["GET", "/v1/chat/completions/chatcmpl-abc123/messages"],
  ])(
    "%s %s (the SDK's stored chat completions) → 404 saying they are not kept, no base-URL advice",
    async (method, url) => {
      const response = await gateway.app.inject({ method, url, headers: { host: HOST } });
      const error = expectOpenAIError(response, 404, { code: "unknown_route", param: null });
      expect(error.message).not.toMatch(/mis-built|base URL/i);
      expect(error.message).toMatch(/does not store chat completions/);
      expect(error.message).toContain("/v1/responses");
    },
  );

  it("the list of what agate serves names every API route", async () => {
    const response = await gateway.app.inject({
      method: "POST",
      url: "/v1/conversations",
      headers: { host: HOST },
    });
    const error = expectOpenAIError(response, 404, { code: "unknown_route", param: null });
    for (const route of [
      "/v1/chat/completions",
      "/v1/completions",
      "/v1/responses",
      "/v1/models",
      "/healthz",
    ])
      expect(error.message).toContain(`http://${HOST}${route}`);
  });

  it.each(["/v2/whatever", "/", "/v1/embeddingz"])(
    "a plain unknown route GET %s has no mis-built wording",
    async (url) => {
      const response = await gateway.app.inject({ method: "GET", url, headers: { host: HOST } });
      const error = expectOpenAIError(response, 404, { code: "unknown_route", param: null });
      expect(error.message).not.toMatch(/mis-built|base URL/i);
      expect(error.message).toContain(url);
    },
  );

  it("the query string is not part of the reported path", async () => {
    const response = await gateway.app.inject({ method: "GET", url: "/v2/whatever?key=secret-value" });
    expect(expectOpenAIError(response, 404, { code: "unknown_route" }).message).not.toContain("secret-value");
  });
});

describe("body framing", () => {
  it("a body over body_limit_bytes → 413 request_too_large", async () => {
    const response = await postChat({
      ...CHAT_BODY,
      messages: [{ role: "user", content: "x".repeat(2 * BODY_LIMIT) }],
    });
    const error = expectOpenAIError(response, 413, { code: "request_too_large", param: null });
    expect(error.message).toContain(String(BODY_LIMIT));
  });

  it("a body just under body_limit_bytes is read", async () => {
    const base = JSON.stringify(CHAT_BODY);
    const padded = JSON.stringify({ ...CHAT_BODY, pad: "" });
    const pad = "x".repeat(BODY_LIMIT - padded.length);
    const payload = JSON.stringify({ ...CHAT_BODY, pad });
    expect(payload.length).toBe(BODY_LIMIT);
    expect(base.length).toBeLessThan(BODY_LIMIT);
    expect((await postRawJson(payload)).statusCode).toBe(503);
  });

  it("content-type: text/plain → 415 unsupported_media_type", async () => {
    const response = await postRawJson(JSON.stringify(CHAT_BODY), "text/plain");
    expectOpenAIError(response, 415, { code: "unsupported_media_type", param: null });
  });

  it("content-type: text/plain is at least refused with a 4xx, never served", async () => {
    const response = await postRawJson(JSON.stringify(CHAT_BODY), "text/plain");
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.statusCode).toBeLessThan(500);
  });

  it.each(["application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"])(
    "content-type: %s → 415 unsupported_media_type",
    async (contentType) => {
      const response = await postRawJson("a=b", contentType);
      const error = expectOpenAIError(response, 415, { code: "unsupported_media_type", param: null });
      expect(error.message).toContain("application/json");
    },
  );

  it("content-type: application/json; charset=utf-8 is accepted", async () => {
    expect((await postRawJson(JSON.stringify(CHAT_BODY), "application/json; charset=utf-8")).statusCode).toBe(
      503,
    );
  });

  it.each(['{"model":', "{model: 'x'}", "not json", '{"model":"x",}'])(
    "invalid JSON %j → 400 invalid_json",
    async (raw) => {
      expectOpenAIError(await postRawJson(raw), 400, { code: "invalid_json", param: null });
    },
  );

  it("an empty JSON body → 400", async () => {
    expectOpenAIError(await postRawJson(""), 400, { code: "invalid_json", param: null });
  });

  it.each(["null", "[]", '"hi"', "42"])("a JSON body that is not an object (%s) → 400", async (raw) => {
    const error = expectOpenAIError(await postRawJson(raw), 400, { code: "invalid_value", param: null });
    expect(error.type).toBe("invalid_request_error");
  });

  it("no body at all → 400", async () => {
    const response = await gateway.app.inject({ method: "POST", url: "/v1/chat/completions" });
    expectOpenAIError(response, 400, { code: "invalid_value" });
  });

  it.each([
    '{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"__proto__":{"polluted":true}}',
    '{"model":"gpt-4o","messages":[{"role":"user","content":"hi","__proto__":{"role":"system"}}]}',
    '{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"constructor":{"prototype":{"polluted":true}}}',
  ])("a body with a prototype key → 400, never 5xx: %s", async (raw) => {
    const response = await postRawJson(raw);
    expectOpenAIError(response, 400, { code: "invalid_json", param: null });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("a malformed body → 400 naming the offending param", () => {
  it.each<[string, object, string, string]>([
    ["model is a number", { model: 1, messages: [userMessage] }, "model", "invalid_value"],
    ["model is missing", { messages: [userMessage] }, "model", "invalid_value"],
    ["model is empty", { model: "", messages: [userMessage] }, "model", "invalid_value"],
    ["messages is a string", { model: "gpt-4o", messages: "hi" }, "messages", "invalid_value"],
    ["messages is empty", { model: "gpt-4o", messages: [] }, "messages", "invalid_value"],
    [
      "content is a number",
      { model: "gpt-4o", messages: [{ role: "user", content: 5 }] },
      "messages[0].content",
      "invalid_value",
    ],
    [
      "a later message's content is a number",
      {
        model: "gpt-4o",
        messages: [userMessage, { role: "assistant", content: "ok" }, { role: "user", content: 5 }],
      },
      "messages[2].content",
      "invalid_value",
    ],
    [
      "role is unknown",
      { model: "gpt-4o", messages: [{ role: "wizard", content: "x" }] },
      "messages[0].role",
      "invalid_value",
    ],
    [
      "temperature is a string",
      { model: "gpt-4o", messages: [userMessage], temperature: "hot" },
      "temperature",
      "invalid_value",
    ],
    [
      "temperature is out of range",
      { model: "gpt-4o", messages: [userMessage], temperature: 3 },
      "temperature",
      "invalid_value",
    ],
    [
      "max_tokens is negative",
      { model: "gpt-4o", messages: [userMessage], max_tokens: -1 },
      "max_tokens",
      "invalid_value",
    ],
    [
      "stream is a string",
      { model: "gpt-4o", messages: [userMessage], stream: "yes" },
      "stream",
      "invalid_value",
    ],
    [
      "image_url is a local file",
      {
        model: "gpt-4o",
        messages: [
          { role: "user", content: [{ type: "image_url", image_url: { url: "file:///etc/passwd" } }] },
        ],
      },
      "messages[0].content[0].image_url.url",
      "invalid_image_url",
    ],
    [
      "a second image_url is a local file",
      {
        model: "gpt-4o",
        messages: [
          {
            role: "user",
            content: [
              { type: "text", text: "look" },
              { type: "image_url", image_url: { url: "/etc/passwd" } },
            ],
          },
        ],
      },
      "messages[0].content[1].image_url.url",
      "invalid_image_url",
    ],
  ])("%s → param %s", async (_label, body, param, code) => {
    const response = await postChat(body);
    const error = expectOpenAIError(response, 400, { param, type: "invalid_request_error", code });
    expect(error.message).toContain(param);
  });

  it("the file:// URL is refused with code invalid_image_url and its content never read", async () => {
    const response = await postChat({
      model: "gpt-4o",
      messages: [
        { role: "user", content: [{ type: "image_url", image_url: { url: "file:///etc/passwd" } }] },
      ],
    });
    const error = expectOpenAIError(response, 400, {
      code: "invalid_image_url",
      param: "messages[0].content[0].image_url.url",
    });
    expect(error.message).not.toContain("root:");
  });
});

describe("no accounts", () => {
  it("a valid request → 503 no_accounts telling how to add an account", async () => {
    const response = await postChat(CHAT_BODY);
    const error = expectOpenAIError(response, 503, {
      code: "no_accounts",
      param: null,
      type: "server_error",
    });
    expect(error.message).toContain("agate accounts add");
    expect(error.message).toContain("GEMINI_API_KEY");
  });

  it("the 503 tells the SDKs not to retry: no account will appear in their backoff of a second or two", async () => {
    const response = await postChat(CHAT_BODY);
    expect(response.statusCode).toBe(503);
    expect(response.headers["x-should-retry"]).toBe("false");
  });

  it("the 503 still carries x-mapped-model (it got past routing)", async () => {
    const response = await postChat(CHAT_BODY);
    expect(response.headers["x-mapped-model"]).toBe("gemini-3.5-flash");
  });
});

describe("a path that is not valid percent-encoding", () => {
  it.each([
    ["GET", "/v1/models/50%-off"],
    ["GET", "/v1/responses/%ZZ"],
  ])("%s %s → 400 in the OpenAI shape, with x-request-id", async (method, url) => {
    const response = await gateway.app.inject({ method: method as "GET", url, headers: { host: HOST } });
    const error = expectOpenAIError(response, 400, { code: "invalid_url", type: "invalid_request_error" });
    expect(error.message).toMatch(/percent-encod/);
    expect(response.headers["x-request-id"]).toMatch(/\S/);
  });
});

describe("an id in the path longer than fastify's parameter limit", () => {
  it("GET /v1/responses/{a 150-character id} → 404 in the OpenAI shape, not fastify's 414", async () => {
    const url = `/v1/responses/resp_${"r".repeat(150)}`;
    const response = await gateway.app.inject({ method: "GET", url, headers: { host: HOST } });
    expectOpenAIError(response, 404, { code: "not_found" });
    expect(response.headers["x-request-id"]).toMatch(/\S/);
  });
});
