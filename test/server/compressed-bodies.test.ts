import zlib from "node:zlib";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Stack, startStack } from "../helpers/stack.js";
import { expectOpenAIError } from "./support.js";

const BODY_LIMIT = 64 * 1024;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack(1, { body_limit_bytes: BODY_LIMIT });
});
afterAll(() => stack.close());
beforeEach(() => stack.simulator.reset());

const chatBody = (content: string) =>
  Buffer.from(JSON.stringify({ model: "gpt-4o", messages: [{ role: "user", content }] }));

/** POSTs the bytes over a real socket, as a client compressing its request would. */
async function post(path: string, body: Buffer, encoding: string) {
  const response = await fetch(`${stack.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "content-encoding": encoding },
    body,
  });
  return {
    statusCode: response.status,
    headers: Object.fromEntries(response.headers),
    body: await response.text(),
  };
}

const answerText = (body: string): string =>
  (JSON.parse(body) as { choices: { message: { content: string } }[] }).choices[0]?.message.content ?? "";

describe("compressed request bodies", () => {
  it.each([
    ["gzip", zlib.gzipSync],
    ["deflate", zlib.deflateSync],
    ["br", zlib.brotliCompressSync],
    ["GZip", zlib.gzipSync],
  ])("Content-Encoding %s is decompressed before the JSON is read", async (encoding, compress) => {
    const response = await post(
      "/v1/chat/completions",
      compress(chatBody(`packed with ${encoding}`)),
      encoding,
    );
    expect(response.statusCode, response.body).toBe(200);
    expect(answerText(response.body)).toContain(`You said: packed with ${encoding}`);
  });

  it("every POST route takes it: /v1/completions with gzip", async () => {
    const body = zlib.gzipSync(Buffer.from(JSON.stringify({ model: "gpt-4o", prompt: "legacy, zipped" })));
    const response = await post("/v1/completions", body, "gzip");
    expect(response.statusCode, response.body).toBe(200);
    expect(response.body).toContain("You said: legacy, zipped");
  });

  it("identity is the body as it is", async () => {
    const response = await post("/v1/chat/completions", chatBody("plain"), "identity");
    expect(response.statusCode, response.body).toBe(200);
  });

  it("zstd is decompressed (the runtime's zlib where it has zstd, else a pure-JavaScript decoder)", async () => {
    // Made with the zstd CLI: Node 20 cannot compress zstd, and the request is what Codex may send.
    const packed = Buffer.from(
      "KLUv/QRoJQIAwgQQEpA9BnCCHCQPdW1mCreUZOYMAdvsJ1szYLZhkJRDZ57cRmWjRA+nqt6TqyfpdSGvap1aFXy4HMLOdfKnkoTXAQCPQDAi",
      "base64",
    );
    const response = await post("/v1/chat/completions", packed, "zstd");
    expect(response.statusCode, response.body).toBe(200);
    expect(answerText(response.body)).toContain("You said: packed with zstd");
  });

  it("a zstd bomb is stopped at body_limit_bytes too (413), and a corrupt zstd body is a 400", async () => {
    const bomb = Buffer.from("KLUv/QRoTAAACGEBAPz/ORACAgAQYQOfBGGNXwSm", "base64"); // 300,000 × "a", zstd -19
    expectOpenAIError(await post("/v1/chat/completions", bomb, "zstd"), 413, { code: "request_too_large" });
    const corrupt = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0, 1, 2, 3, 4, 5]);
    expect((await post("/v1/chat/completions", corrupt, "zstd")).statusCode).toBe(400);
  });

  it("a zip bomb: small compressed, over body_limit_bytes once decompressed → 413", async () => {
    const bomb = zlib.gzipSync(chatBody("a".repeat(BODY_LIMIT * 16)));
    expect(bomb.length).toBeLessThan(BODY_LIMIT);
    const response = await post("/v1/chat/completions", bomb, "gzip");
    expectOpenAIError(response, 413, { code: "request_too_large" });
    expect(stack.simulator.requests).toHaveLength(0);
  });

  it("an unknown encoding → 415 naming the ones agate reads", async () => {
    const response = await post("/v1/chat/completions", chatBody("x"), "compress");
    const error = expectOpenAIError(response, 415, { code: "unsupported_content_encoding" });
    expect(error.message).toContain("compress");
    expect(error.message).toContain("gzip, deflate, br");
  });

  it("stacked encodings → 415", async () => {
    const body = zlib.brotliCompressSync(zlib.gzipSync(chatBody("x")));
    expectOpenAIError(await post("/v1/chat/completions", body, "gzip, br"), 415, {
      code: "unsupported_content_encoding",
    });
  });

  it.each([
    ["gzip", chatBody("not compressed at all")],
    ["br", Buffer.from("definitely not brotli")],
    ["gzip", zlib.gzipSync(chatBody("cut short")).subarray(0, 20)],
  ])("a corrupt %s body → 400", async (encoding, body) => {
    const response = await post("/v1/chat/completions", body, encoding);
    const error = expectOpenAIError(response, 400, { code: "invalid_body_encoding", param: null });
    expect(error.message).toContain(encoding);
    expect(stack.simulator.requests).toHaveLength(0);
  });
});
