import { describe, expect, it, vi } from "vitest";
import type { GenerateEvent } from "../hub/types.js";
import { readAhead } from "./read-ahead.js";

const text = (value: string): GenerateEvent => ({ type: "text-delta", candidate: 0, text: value });
const DONE: IteratorResult<GenerateEvent> = { done: true, value: undefined };

/** A source whose results the test hands over one by one; it counts its reads and whether it was returned. */
function source() {
  const pending: ((item: IteratorResult<GenerateEvent> | Error) => void)[] = [];
  const state = { reads: 0, returned: false };
  const iterator: AsyncIterator<GenerateEvent> = {
    next: () => {
      state.reads += 1;
      return new Promise<IteratorResult<GenerateEvent>>((resolve, reject) => {
        pending.push((item) => (item instanceof Error ? reject(item) : resolve(item)));
      });
    },
    return: async () => {
      state.returned = true;
      return DONE;
    },
  };
  const hand = async (item: IteratorResult<GenerateEvent> | Error) => {
    pending.shift()?.(item);
    await settled();
  };
  return { iterator, state, hand, event: (value: string) => hand({ done: false, value: text(value) }) };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe("readAhead", () => {
  it("reads the source to its end before anyone reads, then gives its events in order", async () => {
    const { iterator, state, hand, event } = source();
    const ahead = readAhead(iterator, () => undefined);
    await event("a");
    await event("b");
    await hand(DONE);
    expect(state.reads).toBe(3);
    expect(await ahead.next()).toEqual({ done: false, value: text("a") });
    expect(await ahead.next()).toEqual({ done: false, value: text("b") });
    expect(await ahead.next()).toEqual(DONE);
    expect(await ahead.next()).toEqual(DONE);
  });

  it("a reader waiting gets each event as it comes", async () => {
    const { iterator, event, hand } = source();
    const ahead = readAhead(iterator, () => undefined);
    const first = ahead.next();
    await event("a");
    expect(await first).toEqual({ done: false, value: text("a") });
    const end = ahead.next();
    await hand(DONE);
    expect(await end).toEqual(DONE);
  });

  it("the source's failure comes after the events before it, once", async () => {
    const { iterator, event, hand } = source();
    const ahead = readAhead(iterator, () => undefined);
    await event("a");
    const cut = new Error("stream cut");
    await hand(cut);
    expect(await ahead.next()).toEqual({ done: false, value: text("a") });
    await expect(ahead.next()).rejects.toBe(cut);
    expect(await ahead.next()).toEqual(DONE);
  });

  it("given up before the source ended: giveUp and the source's return, not waited for; nothing more", async () => {
    const { iterator, state, event } = source();
    const giveUp = vi.fn();
    const ahead = readAhead(iterator, giveUp);
    await event("a");
    expect(await ahead.return?.()).toEqual(DONE);
    expect(giveUp).toHaveBeenCalledTimes(1);
    expect(state.returned).toBe(true);
    await event("b");
    expect(await ahead.next()).toEqual(DONE);
    expect(state.reads).toBe(2);
  });

  it("given up after the source ended: nothing to stop", async () => {
    const { iterator, state, hand } = source();
    const giveUp = vi.fn();
    const ahead = readAhead(iterator, giveUp);
    await hand(DONE);
    await ahead.return?.();
    expect(giveUp).not.toHaveBeenCalled();
    expect(state.returned).toBe(false);
  });
});
