import { connect } from "node:net";
import type { FastifyInstance } from "fastify";
import { expect } from "vitest";

/** A small, valid Chat Completions body: with no accounts configured it gets past decoding to 503 no_accounts. */
export const CHAT_BODY = { model: "gpt-4o", messages: [{ role: "user", content: "hi" }] } as const;

interface InjectedResponse {
  statusCode: number;
  body: string;
  headers: Record<string, string | string[] | number | undefined>;
}

/**
 * Asserts an OpenAI-shaped error: exactly `{"error":{"message","type","param","code"}}` with a non-empty
 * message, and returns the inner error for further checks.
 */
export function expectOpenAIError(
  response: InjectedResponse,
  status: number,
  expected: { code: string | null; type?: string; param?: string | null },
): { message: string; type: string; param: string | null; code: string | null } {
  expect(response.statusCode, response.body).toBe(status);
  expect(String(response.headers["content-type"])).toMatch(/^application\/json/);
  const parsed: unknown = JSON.parse(response.body);
  expect(parsed).toBeTypeOf("object");
  const body = parsed as {
    error: { message: string; type: string; param: string | null; code: string | null };
  };
  expect(Object.keys(body)).toEqual(["error"]);
  expect(Object.keys(body.error).sort()).toEqual(["code", "message", "param", "type"]);
  expect(body.error.message).toBeTypeOf("string");
  expect(body.error.message.length).toBeGreaterThan(0);
  expect(body.error.code).toBe(expected.code);
  if (expected.type !== undefined) expect(body.error.type).toBe(expected.type);
  if (expected.param !== undefined) expect(body.error.param).toBe(expected.param);
  return body.error;
}

/** Starts the app on 127.0.0.1 with an ephemeral port and returns that port. */
export async function listenOnLoopback(app: FastifyInstance): Promise<number> {
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  if (address === null || typeof address === "string") throw new Error("expected a TCP address");
  return address.port;
}

/**
 * Sends `text` as-is over a TCP socket to 127.0.0.1:port and resolves with everything the server answered:
 * half-closing after it by default, or (`halfClose: false`, pipelined requests whose last asks for
 * Connection: close) keeping the socket open until the server closes it.
 */
export function rawHttp(port: number, text: string, { halfClose = true } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => (halfClose ? socket.end(text) : socket.write(text)));
    let answer = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      answer += chunk;
    });
    socket.on(halfClose ? "end" : "close", () => resolve(answer));
    socket.on("error", reject);
  });
}

/** Splits a raw HTTP/1.x answer into status, lower-cased headers and body. */
export function parseRawResponse(answer: string): {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
} {
  const split = answer.indexOf("\r\n\r\n");
  const head = split === -1 ? answer : answer.slice(0, split);
  const body = split === -1 ? "" : answer.slice(split + 4);
  const [statusLine = "", ...headerLines] = head.split("\r\n");
  const statusCode = Number(statusLine.split(" ")[1]);
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { statusCode, headers, body };
}
