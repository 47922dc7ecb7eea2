import { describe, expect, it } from "vitest";
import type { GenerateEvent } from "../hub/types.js";
import { RequestObservation } from "./request-observation.js";

const clock = { now: 0 };
const observation = () => new RequestObservation(1_700_000_000_000, 0, () => clock.now);

async function* events(...list: GenerateEvent[]): AsyncGenerator<GenerateEvent> {
  for (const event of list) {
    clock.now += 100;
    yield event;
  }
}

const usage = (inputTokens: number, outputTokens: number): GenerateEvent => ({
  type: "usage",
  usage: { inputTokens, outputTokens, reasoningTokens: 1, cachedTokens: 0 },
});

async function drain(stream: AsyncIterable<GenerateEvent>): Promise<void> {
  for await (const _event of stream);
}

describe("RequestObservation", () => {
  it("a stream: overhead is the time to first byte minus the wait for the pool's first event", async () => {
    clock.now = 0;
    const watched = observation();
    clock.now = 5; // decode, routing
    const call = watched.poolCall();
    clock.now = 405; // the upstream's first event
    call.answered(2, { id: "gemini-a", label: "a@test" });
    const stream = call.watch(events({ type: "text-delta", candidate: 0, text: "hi" }, usage(3, 4)));
    clock.now = 408; // encode the first frame
    watched.sending();
    await drain(stream);
    expect(watched.ttfbMs()).toBe(408);
    expect(watched.overheadMs()).toBe(8);
    expect(watched.attempts).toBe(2);
    expect(watched.account).toEqual({ id: "gemini-a", label: "a@test" });
    expect(watched.usage()).toEqual({ inputTokens: 3, outputTokens: 4, reasoningTokens: 1, cachedTokens: 0 });
  });

  it("a JSON answer: the whole upstream stream counts as upstream time", async () => {
    clock.now = 0;
    const watched = observation();
    clock.now = 2;
    const call = watched.poolCall();
    clock.now = 300;
    call.answered(1);
    await drain(call.watch(events({ type: "text-delta", candidate: 0, text: "hi" }, usage(1, 1))));
    clock.now += 3;
    watched.sending();
    expect(watched.overheadMs()).toBe(5);
  });

  it("sums the last usage of each pool call (legacy completions: one call per prompt)", async () => {
    const watched = observation();
    const first = watched.poolCall();
    const second = watched.poolCall();
    await drain(first.watch(events(usage(1, 1), usage(5, 6))));
    await drain(second.watch(events(usage(2, 3))));
    expect(watched.usage()).toEqual({ inputTokens: 7, outputTokens: 9, reasoningTokens: 2, cachedTokens: 0 });
  });

  it("has no overhead without a pool call, and no time to first byte before one was sent", () => {
    const watched = observation();
    expect(watched.ttfbMs()).toBeNull();
    watched.sending();
    expect(watched.overheadMs()).toBeNull();
  });

  it("keeps the first error code", () => {
    const watched = observation();
    watched.failed("bad_upstream_response");
    watched.failed("internal_error");
    expect(watched.errorCode).toBe("bad_upstream_response");
  });

  it("closing the watched stream early closes the source", async () => {
    let closed = false;
    const source: AsyncIterable<GenerateEvent> = {
      [Symbol.asyncIterator]: () => ({
        next: async () => ({ done: false, value: { type: "text-delta", candidate: 0, text: "x" } }),
        return: async () => {
          closed = true;
          return { done: true, value: undefined };
        },
      }),
    };
    const iterator = observation().poolCall().watch(source)[Symbol.asyncIterator]();
    await iterator.next();
    await iterator.return?.();
    expect(closed).toBe(true);
  });
});
