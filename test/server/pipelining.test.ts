import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Stack, startStack } from "../helpers/stack.js";
import { rawHttp } from "./support.js";

/**
 * HTTP/1.1 pipelining: a client may send its next requests before the answer to the first. Node holds the
 * later answers until the earlier ones are written; agate must answer each, not take that wait for a client
 * that left.
 */
describe("pipelined requests on one connection", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack(1);
  });
  afterAll(async () => {
    await stack.close();
  });

  const post = (body: object, connection: "keep-alive" | "close"): string => {
    const text = JSON.stringify(body);
    return (
      "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
      `Connection: ${connection}\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`
    );
  };

  it.each([false, true])("three chat requests (stream: %s) each get a 200 answer", async (stream) => {
    const body = { model: "gpt-4o", stream, messages: [{ role: "user", content: "hi" }] };
    const requests = post(body, "keep-alive").repeat(2) + post(body, "close");
    const answer = await rawHttp(Number(new URL(stack.url).port), requests, { halfClose: false });
    const statuses = [...answer.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((match) => match[1]);
    expect(statuses).toEqual(["200", "200", "200"]);
    expect(answer).not.toContain("internal_error");
    expect(answer.match(/You said: hi/g)?.length).toBe(3);
  });
});
