import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Gateway } from "../../src/gateway.js";
import { hostAllowed, hostName, isLoopbackAddress } from "../../src/server/host-guard.js";
import { testGateway } from "../helpers/gateway.js";
import { expectOpenAIError, listenOnLoopback, parseRawResponse, rawHttp } from "./support.js";

const getHealth = (gateway: Gateway, host: string, headers: Record<string, string> = {}) =>
  gateway.app.inject({ method: "GET", url: "/healthz", headers: { host, ...headers } });

describe("bound to loopback (default config)", () => {
  let gateway: Gateway;
  beforeAll(async () => {
    gateway = await testGateway();
  });
  afterAll(async () => {
    await gateway.close();
  });

  it.each([
    "localhost",
    "localhost:8045",
    "LOCALHOST:8045",
    "127.0.0.1",
    "127.0.0.1:8045",
    "127.1.2.3:8045",
    "[::1]",
    "[::1]:8045",
    "foo.localhost",
    "foo.localhost:8045",
  ])("Host %s passes", async (host) => {
    const response = await getHealth(gateway, host);
    expect(response.statusCode, response.body).toBe(200);
  });

  it.each([
    "evil.example",
    "evil.example:8045",
    "127.0.0.1.evil.example",
    "localhost.evil.example",
    "0.0.0.0:8045",
    "192.168.1.10:8045",
  ])("Host %s is refused with 403 host_not_allowed", async (host) => {
    const response = await getHealth(gateway, host);
    expectOpenAIError(response, 403, { code: "host_not_allowed", param: null });
    expect(response.headers["x-request-id"]).toBeTypeOf("string");
  });

  it("guards every route, not only /healthz", async () => {
    const response = await gateway.app.inject({
      method: "POST",
      url: "/v1/chat/completions",
      headers: { host: "evil.example" },
      payload: { model: "gpt-4o", messages: [{ role: "user", content: "hi" }] },
    });
    expectOpenAIError(response, 403, { code: "host_not_allowed" });
  });

  it("a refused Host is not echoed as a base URL in a 404 (the guard runs first)", async () => {
    const response = await gateway.app.inject({
      method: "GET",
      url: "/chat/completions",
      headers: { host: "evil.example" },
    });
    const error = expectOpenAIError(response, 403, { code: "host_not_allowed" });
    expect(error.message).not.toContain("evil.example");
  });

  it("a request without a Host header (HTTP/1.0 over a socket) is refused with 403", async () => {
    const port = await listenOnLoopback(gateway.app);
    const answer = parseRawResponse(await rawHttp(port, "GET /healthz HTTP/1.0\r\n\r\n"));
    expectOpenAIError(answer, 403, { code: "host_not_allowed", param: null });
    expect(answer.headers["x-request-id"]).toBeTruthy();
  });
});

describe("a request without a Host header over HTTP/1.1", () => {
  let gateway: Gateway;
  let port: number;
  beforeAll(async () => {
    gateway = await testGateway();
    port = await listenOnLoopback(gateway.app);
  });
  afterAll(async () => {
    await gateway.close();
  });

  it("is refused by the guard with 403 host_not_allowed in the OpenAI shape", async () => {
    const answer = parseRawResponse(
      await rawHttp(port, "GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n"),
    );
    expectOpenAIError(answer, 403, { code: "host_not_allowed", param: null });
    expect(answer.headers["x-request-id"]).toBeTruthy();
  });

  it("is at least never served (no 200)", async () => {
    const answer = parseRawResponse(
      await rawHttp(port, "GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n"),
    );
    expect(answer.statusCode).toBeGreaterThanOrEqual(400);
    expect(answer.body).not.toContain('"status":"ok"');
  });

  it("an empty Host header is refused with 403", async () => {
    const answer = parseRawResponse(
      await rawHttp(port, "GET /healthz HTTP/1.1\r\nHost: \r\nConnection: close\r\n\r\n"),
    );
    expectOpenAIError(answer, 403, { code: "host_not_allowed" });
  });
});

describe("allowed_hosts", () => {
  let gateway: Gateway;
  beforeAll(async () => {
    gateway = await testGateway({ allowed_hosts: ["agate.internal", "My-Box.lan"] });
  });
  afterAll(async () => {
    await gateway.close();
  });

  it.each(["agate.internal", "agate.internal:8045", "AGATE.INTERNAL:8045", "my-box.lan", "My-Box.lan:8045"])(
    "listed name %s passes (case-insensitive, any port)",
    async (host) => {
      expect((await getHealth(gateway, host)).statusCode).toBe(200);
    },
  );

  it.each(["other.internal", "sub.agate.internal", "agate.internal.evil.example"])(
    "an unlisted name %s is still refused",
    async (host) => {
      expectOpenAIError(await getHealth(gateway, host), 403, { code: "host_not_allowed" });
    },
  );
});

describe("allow_lan_access: true (bound beyond loopback)", () => {
  let gateway: Gateway;
  beforeAll(async () => {
    gateway = await testGateway({ allow_lan_access: true, api_keys: ["k1"] });
  });
  afterAll(async () => {
    await gateway.close();
  });

  it.each(["evil.example", "evil.example:8045", "192.168.1.10:8045", "127.0.0.1.evil.example"])(
    "any Host passes: %s",
    async (host) => {
      const response = await gateway.app.inject({
        method: "GET",
        url: "/v1/models",
        headers: { host, authorization: "Bearer k1" },
      });
      expect(response.statusCode).toBe(200);
    },
  );

  it("auth is on (auto = all_except_health): no key → 401, not 403", async () => {
    const response = await gateway.app.inject({
      method: "GET",
      url: "/v1/models",
      headers: { host: "evil.example" },
    });
    expectOpenAIError(response, 401, { code: "invalid_api_key" });
  });
});

describe("allow_lan_access with an explicit loopback host", () => {
  let gateway: Gateway;
  beforeAll(async () => {
    gateway = await testGateway({ allow_lan_access: true, host: "127.0.0.1", api_keys: ["k1"] });
  });
  afterAll(async () => {
    await gateway.close();
  });

  it("keeps the guard on, since it is still bound to loopback", async () => {
    const response = await gateway.app.inject({
      method: "GET",
      url: "/v1/models",
      headers: { host: "evil.example", authorization: "Bearer k1" },
    });
    expectOpenAIError(response, 403, { code: "host_not_allowed" });
  });
});

describe("strict mode with a foreign Host", () => {
  let gateway: Gateway;
  beforeAll(async () => {
    gateway = await testGateway({ auth_mode: "strict", api_keys: ["k1"] });
  });
  afterAll(async () => {
    await gateway.close();
  });

  it("is refused by the host guard (403) even with a valid key", async () => {
    const response = await getHealth(gateway, "evil.example", { authorization: "Bearer k1" });
    expectOpenAIError(response, 403, { code: "host_not_allowed" });
  });

  it("the guard runs before auth: no key and a foreign Host → 403", async () => {
    expectOpenAIError(await getHealth(gateway, "evil.example"), 403, { code: "host_not_allowed" });
  });
});

describe("hostName", () => {
  it.each([
    ["localhost", "localhost"],
    ["localhost:8045", "localhost"],
    ["LocalHost:8045", "localhost"],
    ["  example.com:80  ", "example.com"],
    ["127.0.0.1:8045", "127.0.0.1"],
    ["[::1]", "::1"],
    ["[::1]:8045", "::1"],
    ["[2001:db8::1]:443", "2001:db8::1"],
    ["foo.localhost", "foo.localhost"],
  ])("hostName(%j) = %j", (header, expected) => {
    expect(hostName(header)).toBe(expected);
  });
});

describe("hostAllowed", () => {
  const none: ReadonlySet<string> = new Set();
  const listed: ReadonlySet<string> = new Set(["agate.internal"]);

  it.each([
    ["localhost", none],
    ["localhost:8045", none],
    ["127.0.0.1:8045", none],
    ["127.255.0.9", none],
    ["[::1]:8045", none],
    ["foo.localhost:1", none],
    ["a.b.localhost", none],
    ["agate.internal:8045", listed],
  ] as const)("allows %s", (header, allowed) => {
    expect(hostAllowed(header, allowed)).toBe(true);
  });

  it.each([
    [undefined, none],
    ["", none],
    ["evil.example", none],
    ["evil.example:8045", none],
    ["127.0.0.1.evil.example", none],
    ["localhost.evil.example", none],
    ["evillocalhost", none],
    ["0.0.0.0", none],
    ["[2001:db8::1]:8045", none],
    ["agate.internal", none],
    ["sub.agate.internal", listed],
  ] as const)("refuses %s", (header, allowed) => {
    expect(hostAllowed(header, allowed)).toBe(false);
  });
});

describe("isLoopbackAddress", () => {
  it.each(["127.0.0.1", "127.8.9.10", "::1", "[::1]", "localhost"])("%s is loopback", (address) => {
    expect(isLoopbackAddress(address)).toBe(true);
  });

  it.each(["0.0.0.0", "10.0.0.1", "::", "128.0.0.1", "example.com"])("%s is not loopback", (address) => {
    expect(isLoopbackAddress(address)).toBe(false);
  });
});
