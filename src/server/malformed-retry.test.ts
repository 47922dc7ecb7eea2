import { describe, expect, it } from "vitest";
import { untilRealOutput } from "../hub/real-output.js";
import type { GenerateEvent, GenerateRequest } from "../hub/types.js";
import { type Pool, type PoolResult, type PoolTrace, settledEvents } from "../pool/pool.js";
import { releasedStream } from "../pool/released-stream.js";
import { executeWithMalformedRetry } from "./malformed-retry.js";

const request = {
  requestedModel: "m",
  model: "m",
  turns: [],
  settings: {},
  stream: false,
} as GenerateRequest;

/**
 * A pool whose answers are scripted event lists, streamed as the pool gives them: the events up to the first
 * real output already read (`head`), the stream starting with them. It records which answers were closed
 * and how often a stream was read.
 */
function fakePool(answers: GenerateEvent[][]) {
  const closed: number[] = [];
  let calls = 0;
  let reads = 0;
  const pool = {
    async execute(): Promise<PoolResult> {
      const index = calls++;
      const events = answers[index] ?? [];
      async function* run() {
        try {
          yield* events;
        } finally {
          closed.push(index);
        }
      }
      const upstream = run();
      const head = await untilRealOutput(() => upstream.next());
      const stream = releasedStream(head, upstream, new AbortController().signal, () => undefined);
      const counted: AsyncIterableIterator<GenerateEvent> = {
        next: () => {
          reads++;
          return stream.next();
        },
        return: () => stream.return(),
        [Symbol.asyncIterator]: () => counted,
      };
      return { account: {} as PoolResult["account"], attempts: 1, events: counted, head };
    },
  };
  return { pool: pool as unknown as Pool, closed, calls: () => calls, reads: () => reads };
}

const malformed: GenerateEvent = {
  type: "finish",
  candidate: 0,
  reason: "other",
  rawReason: "MALFORMED_FUNCTION_CALL",
};
const text: GenerateEvent = { type: "text-delta", candidate: 0, text: "hi" };
const taps = { signatures: { save: () => undefined } };

/** The retry over a scripted pool, with its own trace. */
const run = (fake: ReturnType<typeof fakePool>, trace = { attempts: 0 }) =>
  executeWithMalformedRetry(fake.pool, request, new AbortController().signal, trace, taps);

describe("executeWithMalformedRetry", () => {
  it("asks once more after a bare MALFORMED_FUNCTION_CALL and counts both attempts", async () => {
    const fake = fakePool([[malformed], [text]]);
    const trace = { attempts: 0 };
    const result = await run(fake, trace);
    const events: GenerateEvent[] = [];
    for await (const event of result.events) events.push(event);
    expect(events).toEqual([text]);
    expect(fake.calls()).toBe(2);
    expect(fake.closed).toContain(0);
  });

  it("a MALFORMED_FUNCTION_CALL after an empty signed thought part and a usage is retried too", async () => {
    const empty: GenerateEvent = { type: "reasoning-delta", candidate: 0, text: "", signature: "sig" };
    const usage: GenerateEvent = {
      type: "usage",
      usage: { inputTokens: 1, outputTokens: 0, reasoningTokens: 0, cachedTokens: 0 },
    };
    const fake = fakePool([
      [empty, usage, malformed],
      [empty, text],
    ]);
    const result = await run(fake);
    const events: GenerateEvent[] = [];
    for await (const event of result.events) events.push(event);
    expect(events).toEqual([empty, text]);
    expect(fake.calls()).toBe(2);
  });

  it("passes an ordinary answer through whole, first event included", async () => {
    const fake = fakePool([[text, { type: "finish", candidate: 0, reason: "stop" }]]);
    const result = await run(fake);
    const events: GenerateEvent[] = [];
    for await (const event of result.events) events.push(event);
    expect(events.map((event) => event.type)).toEqual(["text-delta", "finish"]);
  });

  it("decides on the pool's head: nothing is read from the stream before it is handed on", async () => {
    const fake = fakePool([[text, { type: "finish", candidate: 0, reason: "stop" }]]);
    const result = await run(fake);
    expect(fake.reads()).toBe(0);
    const events: GenerateEvent[] = [];
    for await (const event of result.events) events.push(event);
    expect(events.map((event) => event.type)).toEqual(["text-delta", "finish"]);
    expect(fake.reads()).toBe(3);
  });

  it("closing the answer before reading it still closes the upstream (the account slot is freed)", async () => {
    const fake = fakePool([[text, text]]);
    const result = await run(fake);
    await result.events[Symbol.asyncIterator]().return?.();
    expect(fake.closed).toEqual([0]);
  });
});

/** A pool whose answers come whole (`whole` set, as for a client with `complete`). */
function wholePool(answers: GenerateEvent[][]) {
  let calls = 0;
  const pool = {
    async execute(): Promise<PoolResult> {
      const events = answers[calls++] ?? [];
      return {
        account: {} as PoolResult["account"],
        attempts: 1,
        events: settledEvents(events),
        whole: events,
      };
    },
  };
  return { pool: pool as unknown as Pool, calls: () => calls };
}

describe("executeWithMalformedRetry, whole answers", () => {
  it("asks once more after a bare MALFORMED_FUNCTION_CALL and keeps the answer whole", async () => {
    const fake = wholePool([[malformed], [text]]);
    const trace = { attempts: 0 };
    const seen: (string | undefined)[] = [];
    const result = await executeWithMalformedRetry(fake.pool, request, new AbortController().signal, trace, {
      ...taps,
      seen: (event) => seen.push(event?.type),
    });
    expect(fake.calls()).toBe(2);
    expect(result.whole).toEqual([text]);
    // Only the second answer was shown to the observation, and all of it before anything read the events.
    expect(seen).toEqual(["text-delta", undefined]);
  });

  it("shows every event to the observation, then the end, and carries tool-call signatures", async () => {
    const call: GenerateEvent = {
      type: "tool-call",
      candidate: 0,
      id: "call_1",
      name: "lookup",
      arguments: {},
      signature: "sig-1",
    };
    const seen: (string | undefined)[] = [];
    const saved: string[] = [];
    const result = await executeWithMalformedRetry(
      wholePool([[call, { type: "finish", candidate: 0, reason: "tool-calls" }]]).pool,
      request,
      new AbortController().signal,
      { attempts: 0 },
      {
        signatures: { save: (id: string) => void saved.push(id) },
        seen: (event) => seen.push(event?.type),
      },
    );
    expect(seen).toEqual(["tool-call", "finish", undefined]);
    expect(saved).toEqual(["call_1"]);
    const carried = result.whole?.[0];
    expect(carried?.type === "tool-call" && carried.id !== "call_1" && carried.id.startsWith("call_1")).toBe(
      true,
    );
    const events: GenerateEvent[] = [];
    for await (const event of result.events) events.push(event);
    expect(events).toEqual(result.whole);
  });
});

describe("executeWithMalformedRetry, parallel tool calls off", () => {
  const call = (id: string): GenerateEvent => ({
    type: "tool-call",
    candidate: 0,
    id,
    name: "get_weather",
    arguments: { city: id },
  });
  const answer: GenerateEvent[] = [
    call("paris"),
    call("rome"),
    { type: "finish", candidate: 0, reason: "tool-calls" },
  ];
  const single = { ...request, parallelToolCalls: false };

  it("a streamed answer keeps its first call only; the dropped one is not shown to the observation", async () => {
    const seen: (string | undefined)[] = [];
    const result = await executeWithMalformedRetry(
      fakePool([answer]).pool,
      single,
      new AbortController().signal,
      { attempts: 0 },
      { ...taps, seen: (event) => seen.push(event?.type === "tool-call" ? event.id : event?.type) },
    );
    const events: GenerateEvent[] = [];
    for await (const event of result.events) events.push(event);
    expect(events).toEqual([call("paris"), answer[2]]);
    expect(seen).toEqual(["paris", "finish", undefined]);
  });

  it("a whole answer keeps its first call only", async () => {
    const result = await executeWithMalformedRetry(
      wholePool([answer]).pool,
      single,
      new AbortController().signal,
      { attempts: 0 },
      taps,
    );
    expect(result.whole).toEqual([call("paris"), answer[2]]);
  });

  it("parallel calls allowed: both calls pass", async () => {
    const result = await executeWithMalformedRetry(
      wholePool([answer]).pool,
      request,
      new AbortController().signal,
      { attempts: 0 },
      taps,
    );
    expect(result.whole).toEqual(answer);
  });
});

describe("executeWithMalformedRetry, the tokens of the answer asked again", () => {
  const spent = (inputTokens: number): GenerateEvent => ({
    type: "usage",
    usage: { inputTokens, outputTokens: 1, reasoningTokens: 0, cachedTokens: 0 },
  });

  it("a streamed answer's usage, read after its finish, is kept in the trace: Google billed it", async () => {
    const fake = fakePool([
      [malformed, spent(5)],
      [text, spent(7)],
    ]);
    const trace: PoolTrace = { attempts: 0 };
    const result = await run(fake, trace);
    const events: GenerateEvent[] = [];
    for await (const event of result.events) events.push(event);
    expect(events).toEqual([text, spent(7)]);
    expect(trace.spent).toEqual({ inputTokens: 5, outputTokens: 1, reasoningTokens: 0, cachedTokens: 0 });
    expect(fake.closed).toContain(0);
  });

  it("a usage read before the finish counts too", async () => {
    const fake = fakePool([[spent(3), malformed], [text]]);
    const trace: PoolTrace = { attempts: 0 };
    await run(fake, trace);
    expect(trace.spent?.inputTokens).toBe(3);
  });

  it("a whole answer's usage is kept in the trace; the answer the client gets is not in it", async () => {
    const trace: PoolTrace = {
      attempts: 0,
      spent: { inputTokens: 2, outputTokens: 0, reasoningTokens: 0, cachedTokens: 0 },
    };
    await executeWithMalformedRetry(
      wholePool([
        [malformed, spent(5)],
        [text, spent(7)],
      ]).pool,
      request,
      new AbortController().signal,
      trace,
      taps,
    );
    expect(trace.spent).toEqual({ inputTokens: 7, outputTokens: 1, reasoningTokens: 0, cachedTokens: 0 });
  });
});
