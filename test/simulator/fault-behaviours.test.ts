import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { faults, type GenerateContentResponse, type Simulator } from "../../src/simulator/index.js";
import { apiKey, call, geminiUrl, sseLines, startQuietSimulator, userSays } from "./support.js";

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startQuietSimulator();
});
afterAll(() => simulator.close());
beforeEach(() => simulator.reset());

const jsonUrl = () => geminiUrl(simulator, "gemini-2.5-flash", "generateContent");
const streamUrl = () => geminiUrl(simulator, "gemini-2.5-flash", "streamGenerateContent");
const longPrompt = userSays("one two three four five six seven eight nine ten");

/** Reads the whole body; resolves the text read so far and whether the read failed. */
async function readAll(url: string): Promise<{ status: number; text: string; failed: boolean }> {
  const response = await fetch(url, {
    method: "POST",
    headers: { ...apiKey, "content-type": "application/json" },
    body: JSON.stringify(longPrompt),
  });
  const decoder = new TextDecoder();
  let text = "";
  try {
    for await (const chunk of response.body ?? [])
      text += decoder.decode(chunk as Uint8Array, { stream: true });
    return { status: response.status, text, failed: false };
  } catch {
    return { status: response.status, text, failed: true };
  }
}

describe("scripted faults", () => {
  it("reset: the connection dies before any byte", async () => {
    simulator.script({ respond: { fault: "reset" } });
    const error = await fetch(jsonUrl(), {
      method: "POST",
      headers: apiKey,
      body: JSON.stringify(longPrompt),
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TypeError);
    expect(String((error as { cause?: { code?: string } }).cause?.code)).toMatch(/ECONNRESET|UND_ERR_SOCKET/);
  });

  it("hang: no answer at all", async () => {
    simulator.script({ respond: { fault: "hang" } });
    const signal = AbortSignal.timeout(150);
    const error = await fetch(jsonUrl(), {
      method: "POST",
      headers: apiKey,
      body: JSON.stringify(longPrompt),
      signal,
    }).catch((caught: unknown) => caught);
    expect((error as Error).name).toBe("TimeoutError");
  });

  it("cut on a stream: n chunks, then the socket dies", async () => {
    simulator.script({ respond: { fault: "cut", afterChunks: 2 } });
    const result = await readAll(streamUrl());
    expect(result.status).toBe(200);
    expect(result.failed).toBe(true);
    expect(sseLines(result.text)).toHaveLength(2);
  });

  it("cut on JSON: half a body, then the socket dies", async () => {
    simulator.script({ respond: { fault: "cut", afterChunks: 0 } });
    const result = await readAll(jsonUrl());
    expect(result.failed).toBe(true);
  });

  it("malformed-json: a 200 JSON answer that does not parse", async () => {
    simulator.script({ respond: { fault: "malformed-json" } });
    const answer = await call(jsonUrl(), { body: longPrompt, headers: apiKey });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toContain("application/json");
    expect(answer.text.startsWith('{"candidates"')).toBe(true);
    expect(answer.json).toBeUndefined();
  });

  it("malformed-sse: good chunks, then a data line that is not JSON", async () => {
    simulator.script({ respond: { fault: "malformed-sse", afterChunks: 1 } });
    const answer = await call(streamUrl(), { body: longPrompt, headers: apiKey });
    const lines = sseLines(answer.text);
    expect(lines).toHaveLength(2);
    expect(() => JSON.parse(lines[0] ?? "")).not.toThrow();
    expect(() => JSON.parse(lines[1] ?? "")).toThrow();
  });

  it("stream-error: a 200 stream whose next data line is a Google error", async () => {
    simulator.script({ respond: { fault: "stream-error", afterChunks: 2 } });
    const answer = await call(streamUrl(), { body: longPrompt, headers: apiKey });
    expect(answer.status).toBe(200);
    const lines = sseLines(answer.text).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toEqual({
      error: { code: 500, message: "Internal error encountered.", status: "INTERNAL", details: [] },
    });
  });

  it("stream-error can carry a chosen error object", async () => {
    const body = faults.overloaded().error.body;
    simulator.script({ respond: { fault: "stream-error", body } });
    const answer = await call(streamUrl(), { body: longPrompt, headers: apiKey });
    expect(sseLines(answer.text).map((line) => JSON.parse(line))).toEqual([body]);
  });

  it("a scripted error is sent with its status, body and headers", async () => {
    simulator.script({ respond: faults.rateLimitPerMinute("3s", { retryAfter: 3 }) });
    const answer = await call(jsonUrl(), { body: longPrompt, headers: apiKey });
    expect(answer.status).toBe(429);
    expect(answer.headers.get("retry-after")).toBe("3");
    expect(answer.json).toEqual(faults.rateLimitPerMinute("3s").error.body);
  });

  it("a 502 HTML page is sent as text/html", async () => {
    simulator.script({ respond: faults.serverError(502) });
    const answer = await call(jsonUrl(), { body: longPrompt, headers: apiKey });
    expect(answer.status).toBe(502);
    expect(answer.headers.get("content-type")).toContain("text/html");
  });

  it("delayMs holds the headers back; chunkDelayMs spaces the chunks", async () => {
    simulator.script({ delayMs: 120, chunkDelayMs: 20, respond: { reply: { text: "a b c d e f g h i" } } });
    const started = Date.now();
    const answer = await call(streamUrl(), { body: longPrompt, headers: apiKey });
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    const chunks = sseLines(answer.text).map((line) => JSON.parse(line) as GenerateContentResponse);
    expect(chunks.map((chunk) => chunk.candidates?.[0]?.content.parts?.[0]?.text ?? "").join("")).toBe(
      "a b c d e f g h i",
    );
  });
});
