import { describe, expect, it } from "vitest";
import type { GenerateEvent, GenerateRequest } from "../../hub/types.js";
import type { Account } from "../../pool/account.js";
import type { UpstreamBody, UpstreamResponse } from "../upstream-call.js";
import { UpstreamError } from "../upstream-error.js";
import { GenerateContentCalls, type GenerateContentMethod } from "./generate-content-calls.js";
import { bareResponse } from "./stream-decoder.js";
import type { GeminiResponse } from "./wire-types.js";

const account = { id: "a-1" } as Account;

const asking = (model: string, stream: boolean, candidateCount?: number): GenerateRequest => ({
  requestedModel: "gpt-4o",
  model,
  turns: [{ role: "user", parts: [{ type: "text", text: "hi" }] }],
  settings: candidateCount === undefined ? {} : { candidateCount },
  stream,
});

/** A body that gives `pieces`, then fails with `failure` (if any) instead of ending. */
class FakeBody implements UpstreamBody {
  destroyed = false;

  constructor(
    private readonly pieces: string[],
    private readonly failure?: Error,
  ) {}

  async text(): Promise<string> {
    if (this.failure !== undefined) throw this.failure;
    this.destroyed = true;
    return this.pieces.join("");
  }

  destroy(): void {
    this.destroyed = true;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Buffer> {
    for (const piece of this.pieces) yield Buffer.from(piece);
    if (this.failure !== undefined) throw this.failure;
    this.destroyed = true;
  }
}

interface Sent {
  request: GenerateRequest;
  method: GenerateContentMethod;
  body: FakeBody;
}

/** Calls whose upstream answers each call with the next of `bodies`; what was sent is kept in order. */
function callsAnswering(bodies: FakeBody[], unwrap: (data: unknown) => GeminiResponse = bareResponse) {
  const sent: Sent[] = [];
  const wire = {
    send: async (_account: Account, request: GenerateRequest, method: GenerateContentMethod) => {
      const body = bodies[sent.length];
      if (body === undefined) throw new Error("no answer scripted");
      sent.push({ request, method, body });
      return { statusCode: 200, headers: {}, body } satisfies UpstreamResponse;
    },
    unwrap,
  };
  let ids = 0;
  return { calls: new GenerateContentCalls(wire, () => `call_${++ids}`), sent };
}

const sse = (...values: unknown[]) => values.map((value) => `data: ${JSON.stringify(value)}\n\n`).join("");
const answer = (text: string, finishReason?: string, usage?: number): GeminiResponse => ({
  candidates: [
    { content: { role: "model", parts: [{ text }] }, index: 0, ...(finishReason ? { finishReason } : {}) },
  ],
  ...(usage === undefined ? {} : { usageMetadata: { promptTokenCount: 4, candidatesTokenCount: usage } }),
});
const tokens = (output: number) => ({
  inputTokens: 4,
  outputTokens: output,
  reasoningTokens: 0,
  cachedTokens: 0,
});

async function read(
  events: AsyncIterable<GenerateEvent>,
): Promise<{ events: GenerateEvent[]; error?: unknown }> {
  const seen: GenerateEvent[] = [];
  try {
    for await (const event of events) seen.push(event);
  } catch (error) {
    return { events: seen, error };
  }
  return { events: seen };
}

describe("GenerateContentCalls, one call", () => {
  it("a stream: streamGenerateContent as SSE, decoded chunk by chunk, the body closed at its end", async () => {
    const { calls, sent } = callsAnswering([new FakeBody([sse(answer("Hel"), answer("lo", "STOP", 2))])]);
    const { events } = await read(
      calls.generate(account, asking("gemini-2.5-flash", true), new AbortController().signal),
    );
    expect(sent.map((call) => call.method)).toEqual(["streamGenerateContent?alt=sse"]);
    expect(events).toEqual([
      { type: "text-delta", candidate: 0, text: "Hel" },
      { type: "text-delta", candidate: 0, text: "lo" },
      { type: "finish", candidate: 0, reason: "stop", rawReason: "STOP" },
      { type: "usage", usage: tokens(2) },
    ]);
    expect(sent[0]?.body.destroyed).toBe(true);
  });

  it("a stream that dies: the usage it reported so far, then the failure as an UpstreamError", async () => {
    const body = new FakeBody([sse(answer("Half an", undefined, 3))], new Error("other side closed"));
    const { calls } = callsAnswering([body]);
    const { events, error } = await read(
      calls.generate(account, asking("gemini-2.5-flash", true), new AbortController().signal),
    );
    expect(events).toEqual([
      { type: "text-delta", candidate: 0, text: "Half an" },
      { type: "usage", usage: tokens(3) },
    ]);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ kind: "network", message: expect.stringContaining("other side closed") });
    expect(body.destroyed).toBe(true);
  });

  it("a stream that dies before any usage: the failure alone", async () => {
    const { calls } = callsAnswering([new FakeBody([sse(answer("Half"))], new Error("reset"))]);
    const { events, error } = await read(
      calls.generate(account, asking("gemini-2.5-flash", true), new AbortController().signal),
    );
    expect(events).toEqual([{ type: "text-delta", candidate: 0, text: "Half" }]);
    expect(error).toMatchObject({ kind: "network" });
  });

  it("a reader that stops early closes the call's body", async () => {
    const body = new FakeBody([sse(answer("One"), answer("Two", "STOP"))]);
    const { calls } = callsAnswering([body]);
    for await (const _event of calls.generate(
      account,
      asking("gemini-2.5-flash", true),
      new AbortController().signal,
    ))
      break;
    expect(body.destroyed).toBe(true);
  });

  it("not streamed, through generate or complete: generateContent, read whole, through the wire's unwrap", async () => {
    const enveloped = JSON.stringify({ response: answer("Whole", "STOP", 1) });
    const unwrap = (data: unknown) => (data as { response: GeminiResponse }).response;
    const { calls, sent } = callsAnswering([new FakeBody([enveloped]), new FakeBody([enveloped])], unwrap);
    const expected = [
      { type: "text-delta", candidate: 0, text: "Whole" },
      { type: "finish", candidate: 0, reason: "stop", rawReason: "STOP" },
      { type: "usage", usage: tokens(1) },
    ];
    const signal = new AbortController().signal;
    expect((await read(calls.generate(account, asking("gemini-2.5-flash", false), signal))).events).toEqual(
      expected,
    );
    expect(await calls.complete(account, asking("gemini-2.5-flash", false), signal)).toEqual(expected);
    expect(sent.map((call) => call.method)).toEqual(["generateContent", "generateContent"]);
  });

  it("an error object in a whole answer's place is the failure it says", async () => {
    const error = { error: { code: 429, message: "Slow down.", status: "RESOURCE_EXHAUSTED" } };
    const { calls } = callsAnswering([new FakeBody([JSON.stringify(error)])]);
    await expect(
      calls.complete(account, asking("gemini-2.5-flash", false), new AbortController().signal),
    ).rejects.toMatchObject({ status: 429, message: "Slow down." });
  });
});

describe("GenerateContentCalls, n on Gemini 3", () => {
  it("one call per choice, each asking one candidate, merged as choices 0..n-1 with the usage summed", async () => {
    const bodies = [0, 1].map(
      (choice) => new FakeBody([JSON.stringify(answer(`answer ${choice}`, "STOP", 2))]),
    );
    const { calls, sent } = callsAnswering(bodies);
    const events = await calls.complete(
      account,
      asking("gemini-3-flash-preview", false, 2),
      new AbortController().signal,
    );
    expect(sent.map((call) => call.request.settings)).toEqual([{}, {}]);
    expect(events).toEqual([
      { type: "text-delta", candidate: 0, text: "answer 0" },
      { type: "finish", candidate: 0, reason: "stop", rawReason: "STOP" },
      { type: "text-delta", candidate: 1, text: "answer 1" },
      { type: "finish", candidate: 1, reason: "stop", rawReason: "STOP" },
      { type: "usage", usage: { ...tokens(4), inputTokens: 8 } },
    ]);
  });

  it("streamed: one stream per choice, merged", async () => {
    const bodies = [0, 1].map((choice) => new FakeBody([sse(answer(`answer ${choice}`, "STOP", 1))]));
    const { calls, sent } = callsAnswering(bodies);
    const { events } = await read(
      calls.generate(account, asking("gemini-3-flash-preview", true, 2), new AbortController().signal),
    );
    expect(sent.map((call) => call.method)).toEqual([
      "streamGenerateContent?alt=sse",
      "streamGenerateContent?alt=sse",
    ]);
    expect(events.filter((event) => event.type === "text-delta")).toEqual([
      { type: "text-delta", candidate: 0, text: "answer 0" },
      { type: "text-delta", candidate: 1, text: "answer 1" },
    ]);
    expect(events.at(-1)).toEqual({ type: "usage", usage: { ...tokens(2), inputTokens: 8 } });
  });

  it("other models take n in one call", async () => {
    const { calls, sent } = callsAnswering([new FakeBody([JSON.stringify(answer("one", "STOP"))])]);
    await calls.complete(account, asking("gemini-2.5-flash", false, 2), new AbortController().signal);
    expect(sent.map((call) => call.request.settings)).toEqual([{ candidateCount: 2 }]);
  });
});
