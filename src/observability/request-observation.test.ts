import { describe, expect, it } from "vitest";
import type { GenerateEvent } from "../hub/types.js";
import { type PoolCallObserver, RequestObservation } from "./request-observation.js";

const clock = { now: 0 };
const observation = () => new RequestObservation(1_700_000_000_000, 0, () => clock.now);

/** The call's events pass, 100 ms apart, then it ends. */
function pass(call: PoolCallObserver, ...list: GenerateEvent[]): void {
  for (const event of list) {
    clock.now += 100;
    call.seen(event);
  }
  call.seen(undefined);
}

const usage = (inputTokens: number, outputTokens: number): GenerateEvent => ({
  type: "usage",
  usage: { inputTokens, outputTokens, reasoningTokens: 1, cachedTokens: 0 },
});

describe("RequestObservation", () => {
  it("a stream: overhead is the time to first byte minus the wait for the pool's first event", () => {
    clock.now = 0;
    const watched = observation();
    clock.now = 5; // decode, routing
    const call = watched.poolCall();
    clock.now = 405; // the upstream's first event
    call.answered(2, { id: "gemini-a", label: "a@test" });
    clock.now = 408; // encode the first frame
    watched.sending();
    pass(call, { type: "text-delta", candidate: 0, text: "hi" }, usage(3, 4));
    expect(watched.ttfbMs()).toBe(408);
    expect(watched.overheadMs()).toBe(8);
    expect(watched.attempts).toBe(2);
    expect(watched.account).toEqual({ id: "gemini-a", label: "a@test" });
    expect(watched.usage()).toEqual({ inputTokens: 3, outputTokens: 4, reasoningTokens: 1, cachedTokens: 0 });
  });

  it("a stream whose head went out before the pool answered: time to first byte is its first real output", () => {
    clock.now = 0;
    const watched = observation();
    const call = watched.poolCall();
    clock.now = 50; // stream_keepalive_ms: the head and a keep-alive comment go out
    watched.headBeforeAnswer();
    watched.sending();
    expect(watched.ttfbMs()).toBeNull();
    clock.now = 900;
    call.answered(1);
    // Usage and an empty delta say nothing the client sees; the text does.
    call.seen(usage(3, 0));
    call.seen({ type: "text-delta", candidate: 0, text: "" });
    clock.now = 902;
    call.seen({ type: "text-delta", candidate: 0, text: "hi" });
    clock.now = 950;
    call.seen({ type: "text-delta", candidate: 0, text: " there" });
    call.seen(undefined);
    watched.sending();
    expect(watched.ttfbMs()).toBe(902);
    expect(watched.overheadMs()).toBe(2);
  });

  it("a late stream that fails: time to first byte is its error frame's", () => {
    clock.now = 0;
    const watched = observation();
    watched.poolCall();
    clock.now = 50;
    watched.headBeforeAnswer();
    clock.now = 700;
    watched.failed("rate_limit_exceeded");
    expect(watched.ttfbMs()).toBe(700);
  });

  it("a JSON answer: the whole upstream stream counts as upstream time", () => {
    clock.now = 0;
    const watched = observation();
    clock.now = 2;
    const call = watched.poolCall();
    clock.now = 300;
    call.answered(1);
    pass(call, { type: "text-delta", candidate: 0, text: "hi" }, usage(1, 1));
    clock.now += 3;
    watched.sending();
    expect(watched.overheadMs()).toBe(5);
  });

  it("sums the last usage of each pool call (legacy completions: one call per prompt)", () => {
    const watched = observation();
    const first = watched.poolCall();
    const second = watched.poolCall();
    pass(first, usage(1, 1), usage(5, 6));
    pass(second, usage(2, 3));
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

  it("adds the tokens of the answers the client never got (spent) to those of the one it got", () => {
    const watched = observation();
    const call = watched.poolCall();
    call.answered(
      2,
      { id: "gemini-b", label: "b@test" },
      {
        inputTokens: 7,
        outputTokens: 0,
        reasoningTokens: 0,
        cachedTokens: 2,
      },
    );
    pass(call, usage(3, 4));
    expect(watched.usage()).toEqual({
      inputTokens: 10,
      outputTokens: 4,
      reasoningTokens: 1,
      cachedTokens: 2,
    });
  });
});
