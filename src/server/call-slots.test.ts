import { describe, expect, it } from "vitest";
import { CallSlots } from "./call-slots.js";

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** Each ask's turn, as the order they were granted in. */
function recorder() {
  const granted: string[] = [];
  return { granted, mark: (name: string) => () => granted.push(name) };
}

describe("CallSlots", () => {
  it("takes what is free at once; the rest waits for a release", async () => {
    const slots = new CallSlots(8);
    const { granted, mark } = recorder();
    expect(slots.tryTake(4)).toBe(true);
    expect(slots.tryTake(4)).toBe(true);
    expect(slots.tryTake(1)).toBe(false);
    void slots.take(4, new AbortController().signal).then(mark("third"));
    await tick();
    expect(granted).toEqual([]);
    slots.release(4);
    await tick();
    expect(granted).toEqual(["third"]);
  });

  it("serves the asks in turn: a smaller later ask does not pass a waiting one", async () => {
    const slots = new CallSlots(8);
    const { granted, mark } = recorder();
    const signal = new AbortController().signal;
    expect(slots.tryTake(6)).toBe(true);
    void slots.take(4, signal).then(mark("four"));
    void slots.take(1, signal).then(mark("one"));
    expect(slots.tryTake(1)).toBe(false);
    await tick();
    expect(granted).toEqual([]);
    slots.release(6);
    await tick();
    expect(granted).toEqual(["four", "one"]);
  });

  it("an ask larger than the capacity takes all of it", async () => {
    const slots = new CallSlots(8);
    expect(slots.tryTake(16)).toBe(true);
    expect(slots.tryTake(1)).toBe(false);
    slots.release(16);
    expect(slots.tryTake(8)).toBe(true);
  });

  it("an aborted wait is withdrawn: it rejects, and the asks behind it go on", async () => {
    const slots = new CallSlots(2);
    const { granted, mark } = recorder();
    expect(slots.tryTake(1)).toBe(true);
    const stop = new AbortController();
    const withdrawn = slots.take(2, stop.signal);
    void slots.take(1, new AbortController().signal).then(mark("behind"));
    await tick();
    expect(granted).toEqual([]);
    stop.abort(new Error("gone"));
    await expect(withdrawn).rejects.toThrow("gone");
    expect(granted).toEqual(["behind"]);
    expect(slots.tryTake(1)).toBe(false);
    slots.release(2);
    expect(slots.tryTake(2)).toBe(true);
    await expect(slots.take(1, stop.signal)).rejects.toThrow("gone");
  });
});
