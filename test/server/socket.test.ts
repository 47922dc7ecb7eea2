import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Gateway } from "../../src/gateway.js";
import { testGateway } from "../helpers/gateway.js";
import { CHAT_BODY, expectOpenAIError, listenOnLoopback } from "./support.js";

interface SocketResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** The hooks (request id, host guard, auth) over a real TCP socket on 127.0.0.1, not app.inject. */
describe("over a real socket (strict mode)", () => {
  let gateway: Gateway;
  let base: string;
  beforeAll(async () => {
    gateway = await testGateway({ auth_mode: "strict", api_keys: ["k1", "k2"] });
    base = `http://127.0.0.1:${await listenOnLoopback(gateway.app)}`;
  });
  afterAll(async () => {
    await gateway.close();
  });

  const send = async (
    path: string,
    headers: Record<string, string>,
    method: "GET" | "POST" = "GET",
    body?: string,
  ): Promise<SocketResponse> => {
    const response = await request(`${base}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    return { statusCode: response.statusCode, headers: response.headers, body: await response.body.text() };
  };

  it.each(["k1", "k2"])("a right Bearer key (%s) → 200 on /v1/models", async (key) => {
    const response = await send("/v1/models", { authorization: `Bearer ${key}` });
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body).object).toBe("list");
    expect(response.headers["x-request-id"]).toBeTypeOf("string");
  });

  it("a right Bearer key on POST /v1/chat/completions gets past auth (503 no_accounts)", async () => {
    const response = await send(
      "/v1/chat/completions",
      { authorization: "Bearer k1", "content-type": "application/json" },
      "POST",
      JSON.stringify(CHAT_BODY),
    );
    expectOpenAIError(response, 503, { code: "no_accounts" });
  });

  it.each<[string, Record<string, string>]>([
    ["a wrong Bearer key", { authorization: "Bearer wrong" }],
    ["no key", {}],
    ["a wrong Bearer key with a right x-api-key", { authorization: "Bearer wrong", "x-api-key": "k1" }],
  ])("%s → 401 invalid_api_key", async (_label, headers) => {
    const response = await send("/v1/models", headers);
    expectOpenAIError(response, 401, { code: "invalid_api_key", type: "invalid_request_error", param: null });
    expect(response.headers["x-request-id"]).toBeTypeOf("string");
  });

  it("strict guards /healthz too", async () => {
    expectOpenAIError(await send("/healthz", {}), 401, { code: "invalid_api_key" });
    expect((await send("/healthz", { authorization: "Bearer k1" })).statusCode).toBe(200);
  });

  it("a foreign Host header → 403 host_not_allowed even with a right key", async () => {
    const response = await send("/healthz", { host: "evil.example", authorization: "Bearer k1" });
    expectOpenAIError(response, 403, { code: "host_not_allowed", param: null });
    expect(response.headers["x-request-id"]).toBeTypeOf("string");
  });

  it("Host localhost:<port> passes", async () => {
    const response = await send("/healthz", { host: "localhost:8045", authorization: "Bearer k1" });
    expect(response.statusCode).toBe(200);
  });
});
