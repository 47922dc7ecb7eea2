import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Gateway } from "../../src/gateway.js";
import { testGateway } from "../helpers/gateway.js";
import { expectOpenAIError, listenOnLoopback, parseRawResponse, rawHttp } from "./support.js";

/**
 * What Node's HTTP parser refuses before any route runs (headers too large, a request line that is not
 * HTTP) is still answered in the OpenAI error shape (contract §5), and headers are taken up to the 64 KiB
 * OpenAI documents, not only Node's default 16 KiB.
 */
describe("requests the HTTP parser refuses", () => {
  let gateway: Gateway;
  let port: number;
  beforeAll(async () => {
    gateway = await testGateway();
    port = await listenOnLoopback(gateway.app);
  });
  afterAll(async () => {
    await gateway.close();
  });

  const get = (extraHeader: string): string =>
    `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n${extraHeader}\r\nConnection: close\r\n\r\n`;

  it("40 KiB of headers (a browser's localhost cookies) are served", async () => {
    const answer = parseRawResponse(await rawHttp(port, get(`Cookie: c=${"a".repeat(40 * 1024)}`)));
    expect(answer.statusCode).toBe(200);
  });

  it("headers over 64 KiB → 431 in the OpenAI shape", async () => {
    const answer = parseRawResponse(await rawHttp(port, get(`X-Big: ${"a".repeat(70 * 1024)}`)));
    expectOpenAIError(answer, 431, { code: "request_headers_too_large", type: "invalid_request_error" });
  });

  it("a request that is not HTTP → 400 in the OpenAI shape", async () => {
    const answer = parseRawResponse(await rawHttp(port, "HELLO there\r\n\r\n"));
    expectOpenAIError(answer, 400, { code: "invalid_http_request", type: "invalid_request_error" });
  });
});
