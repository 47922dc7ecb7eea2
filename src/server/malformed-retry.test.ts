import { describe, expect, it } from "vitest";
import type { GenerateEvent, GenerateRequest } from "../hub/types.js";
import type { Pool, PoolResult } from "../pool/pool.js";
import { executeWithMalformedRetry } from "./malformed-retry.js";

const request = {
  requestedModel: "m",
  model: "m",
  turns: [],
  settings: {},
  stream: false,
} as GenerateRequest;

/** A pool whose answers are scripted event lists; it records which answers were closed. */
function fakePool(answers: GenerateEvent[][]) {
  const closed: number[] = [];
  let calls = 0;
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
      return { account: {} as PoolResult["account"], attempts: 1, events: run() };
    },
  };
  return { pool: pool as unknown as Pool, closed, calls: () => calls };
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

  it("passes an ordinary answer through whole, first event included", async () => {
    const fake = fakePool([[text, { type: "finish", candidate: 0, reason: "stop" }]]);
    const result = await run(fake);
    const events: GenerateEvent[] = [];
    for await (const event of result.events) events.push(event);
    expect(events.map((event) => event.type)).toEqual(["text-delta", "finish"]);
  });

  it("closing the answer before reading it still closes the upstream (the account slot is freed)", async () => {
    const fake = fakePool([[text, text]]);
    const result = await run(fake);
    await result.events[Symbol.asyncIterator]().return?.();
    expect(fake.closed).toEqual([0]);
  });
});
