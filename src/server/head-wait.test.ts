import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Account } from "../pool/account.js";
import type { PoolResult } from "../pool/pool.js";
import { answerWithin } from "./head-wait.js";
import { LateAnswer } from "./late-answer.js";

const result = (label: string): PoolResult => ({
  account: { id: label, label } as Account,
  attempts: 1,
  events: { [Symbol.asyncIterator]: () => ({ next: async () => ({ done: true, value: undefined }) }) },
});

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((ok) => {
    resolve = ok;
  });
  return { promise, resolve };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
});
afterEach(async () => {
  // The shared timer of a wait left armed fires, so that the next test starts with none.
  await vi.runAllTimersAsync();
  vi.useRealTimers();
});

describe("answerWithin", () => {
  it("an answer in time is the pool's own result", async () => {
    const onLate = vi.fn();
    const answer = result("a");
    expect(await answerWithin(Promise.resolve(answer), 50, onLate)).toBe(answer);
    await vi.advanceTimersByTimeAsync(100);
    expect(onLate).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("a failure in time is thrown as it is", async () => {
    const failure = new Error("429");
    await expect(answerWithin(Promise.reject(failure), 50, () => undefined)).rejects.toBe(failure);
  });

  it("past the wait: onLate, then a LateAnswer that becomes the pool's answer", async () => {
    const pool = deferred<PoolResult>();
    const onLate = vi.fn();
    const answer = answerWithin(pool.promise, 50, onLate);
    await vi.advanceTimersByTimeAsync(49);
    expect(onLate).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(onLate).toHaveBeenCalledOnce();
    const late = await answer;
    expect(late).toBeInstanceOf(LateAnswer);
    pool.resolve(result("a"));
    expect(await late.events[Symbol.asyncIterator]().next()).toEqual({ done: true, value: undefined });
    expect(late.account?.label).toBe("a");
  });

  it("calls waiting together share one timer; each is late at its own deadline, none once answered", async () => {
    const first = deferred<PoolResult>();
    const second = deferred<PoolResult>();
    const third = deferred<PoolResult>();
    const lates: string[] = [];
    void answerWithin(first.promise, 50, () => lates.push("first"));
    await vi.advanceTimersByTimeAsync(10);
    void answerWithin(second.promise, 50, () => lates.push("second"));
    await vi.advanceTimersByTimeAsync(10);
    void answerWithin(third.promise, 50, () => lates.push("third"));
    expect(vi.getTimerCount()).toBe(1);
    first.resolve(result("first"));
    await vi.advanceTimersByTimeAsync(39);
    expect(lates).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(lates).toEqual(["second"]);
    await vi.advanceTimersByTimeAsync(9);
    expect(lates).toEqual(["second"]);
    await vi.advanceTimersByTimeAsync(1);
    expect(lates).toEqual(["second", "third"]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
