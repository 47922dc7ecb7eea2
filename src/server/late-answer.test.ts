import { describe, expect, it } from "vitest";
import type { GenerateEvent } from "../hub/types.js";
import type { Account } from "../pool/account.js";
import type { PoolResult } from "../pool/pool.js";
import { RequestSignal } from "../upstream/request-signal.js";
import { LateAnswer } from "./late-answer.js";

const text: GenerateEvent = { type: "text-delta", candidate: 0, text: "hi" };
const account = { id: "a1", label: "acct-1" } as Account;

/** A pool result over `events`, recording whether its reader gave it up. */
function poolResult(events: GenerateEvent[]) {
  const state = { closed: false };
  const queue = [...events];
  const iterator: AsyncIterator<GenerateEvent> = {
    next: async () => {
      const value = queue.shift();
      return value === undefined ? { done: true, value: undefined } : { done: false, value };
    },
    return: async () => {
      state.closed = true;
      return { done: true, value: undefined };
    },
  };
  const result: PoolResult = {
    account,
    attempts: 1,
    sessionKey: "s1",
    events: { [Symbol.asyncIterator]: () => iterator },
  };
  return { result, state };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

async function collect(events: AsyncIterable<GenerateEvent>): Promise<GenerateEvent[]> {
  const out: GenerateEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

describe("LateAnswer", () => {
  it("waits for the pool, then reads its events; account and session key are filled in", async () => {
    const pool = deferred<PoolResult>();
    const late = new LateAnswer(pool.promise);
    const read = collect(late.events);
    expect(late.account).toBeUndefined();
    pool.resolve(poolResult([text]).result);
    expect(await read).toEqual([text]);
    expect(late).toMatchObject({ account, sessionKey: "s1" });
  });

  it("a pool that fails throws its error from the first next(), then is done", async () => {
    const pool = deferred<PoolResult>();
    const late = new LateAnswer(pool.promise);
    const failure = new Error("every account failed");
    pool.reject(failure);
    await expect(late.next()).rejects.toBe(failure);
    expect(await late.next()).toEqual({ done: true, value: undefined });
  });

  it("a pool that fails before anyone reads still throws its error from the first next(), once", async () => {
    // A legacy completions stream reads its prompts in turn: the second one's pool may fail while the first
    // is still read. Its failure must reach the stream (an error frame), not read as an empty answer.
    const pool = deferred<PoolResult>();
    const late = new LateAnswer(pool.promise);
    const failure = new Error("every account failed");
    pool.reject(failure);
    await new Promise((resolve) => setImmediate(resolve));
    await expect(late.next()).rejects.toBe(failure);
    expect(await late.next()).toEqual({ done: true, value: undefined });
  });

  it("a failure read while waiting is thrown once, not again", async () => {
    const pool = deferred<PoolResult>();
    const late = new LateAnswer(pool.promise);
    const waiting = late.next();
    const failure = new Error("every account failed");
    pool.reject(failure);
    await expect(waiting).rejects.toBe(failure);
    expect(await late.next()).toEqual({ done: true, value: undefined });
  });

  it("a failure after it was given up is not thrown", async () => {
    const pool = deferred<PoolResult>();
    const late = new LateAnswer(pool.promise);
    await late.return();
    pool.reject(new Error("stopped"));
    await new Promise((resolve) => setImmediate(resolve));
    expect(await late.next()).toEqual({ done: true, value: undefined });
  });

  it("given up before the pool answers: the answer is given up as soon as it comes", async () => {
    const pool = deferred<PoolResult>();
    const late = new LateAnswer(pool.promise);
    const waiting = late.next();
    await late.return();
    const { result, state } = poolResult([text]);
    pool.resolve(result);
    expect(await waiting).toEqual({ done: true, value: undefined });
    expect(state.closed).toBe(true);
  });

  it("given up before the pool answers: the pool's calls are stopped, not once it has answered", async () => {
    const pool = deferred<PoolResult>();
    const calls = new RequestSignal();
    const late = new LateAnswer(pool.promise, calls.asAbortSignal());
    await late.return();
    expect(calls.aborted).toBe(true);
    const answeredCalls = new RequestSignal();
    const answered = new LateAnswer(
      Promise.resolve(poolResult([text]).result),
      answeredCalls.asAbortSignal(),
    );
    expect(await answered.next()).toEqual({ done: false, value: text });
    await answered.return();
    expect(answeredCalls.aborted).toBe(false);
  });

  it("given up midway: the pool's events are closed", async () => {
    const { result, state } = poolResult([text, text]);
    const late = new LateAnswer(Promise.resolve(result));
    expect(await late.next()).toEqual({ done: false, value: text });
    await late.return();
    expect(state.closed).toBe(true);
    expect(await late.next()).toEqual({ done: true, value: undefined });
  });
});
