import { describe, expect, it, vi } from "vitest";
import { interleaveAnswers } from "./interleave-answers.js";
import type { GenerateEvent, Usage } from "./types.js";

/**
 * An upstream call's events as the test hands them over, one at a time: `next()` waits for the next one
 * (as a call waits on its socket); `abort()` rejects a waiting `next()` (as the call's signal does).
 */
class Call implements AsyncIterableIterator<GenerateEvent> {
  returned = false;
  private readonly queued: (IteratorResult<GenerateEvent> | Error)[] = [];
  private waiting: ((item: IteratorResult<GenerateEvent> | Error) => void) | undefined;

  push(...events: GenerateEvent[]): void {
    for (const value of events) this.hand({ done: false, value });
  }

  end(): void {
    this.hand({ done: true, value: undefined });
  }

  fail(error: Error): void {
    this.hand(error);
  }

  abort(): void {
    if (this.waiting !== undefined) this.fail(new Error("aborted"));
  }

  next(): Promise<IteratorResult<GenerateEvent>> {
    const item = this.queued.shift();
    if (item !== undefined) return settle(item);
    return new Promise<IteratorResult<GenerateEvent> | Error>((resolve) => {
      this.waiting = resolve;
    }).then(settle);
  }

  async return(): Promise<IteratorResult<GenerateEvent>> {
    this.returned = true;
    return { done: true, value: undefined };
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<GenerateEvent> {
    return this;
  }

  private hand(item: IteratorResult<GenerateEvent> | Error): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting === undefined) this.queued.push(item);
    else waiting(item);
  }
}

const settle = (item: IteratorResult<GenerateEvent> | Error): Promise<IteratorResult<GenerateEvent>> =>
  item instanceof Error ? Promise.reject(item) : Promise.resolve(item);

const text = (candidate: number, value: string): GenerateEvent => ({
  type: "text-delta",
  candidate,
  text: value,
});
const finish = (candidate: number): GenerateEvent => ({ type: "finish", candidate, reason: "stop" });
const usage = (input: number, output: number): Usage => ({
  inputTokens: input,
  outputTokens: output,
  reasoningTokens: 1,
  cachedTokens: 2,
});

/** The calls, and a stopAll that aborts them all (as the spoke's signal does), counted. */
function calls(count: number) {
  const all = Array.from({ length: count }, () => new Call());
  const stopAll = vi.fn(() => {
    for (const call of all) call.abort();
  });
  return { all, stopAll };
}

/** Lets every pending promise callback run. */
const settled = () => new Promise((resolve) => setImmediate(resolve));

/** Whether a promise has settled by now. */
async function hasSettled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  promise.then(
    () => {
      done = true;
    },
    () => {
      done = true;
    },
  );
  await settled();
  return done;
}

async function rest(merged: AsyncIterator<GenerateEvent>): Promise<GenerateEvent[]> {
  const out: GenerateEvent[] = [];
  for (let result = await merged.next(); result.done !== true; result = await merged.next())
    out.push(result.value);
  return out;
}

/** The events read until the merge failed, and its failure (undefined when it ended). */
async function untilFailure(merged: AsyncIterator<GenerateEvent>) {
  const events: GenerateEvent[] = [];
  try {
    for (let result = await merged.next(); result.done !== true; result = await merged.next())
      events.push(result.value);
  } catch (error) {
    return { events, error };
  }
  return { events, error: undefined };
}

describe("interleaveAnswers: one upstream call per choice, merged", () => {
  it("call i's candidate is choice i, and nothing passes before every call has its first real output", async () => {
    const { all, stopAll } = calls(3);
    const [a, b, c] = all as [Call, Call, Call];
    const merged = interleaveAnswers(all, stopAll);
    const first = merged.next();
    a.push(text(0, "a1"));
    c.push(text(0, "c1"));
    // b has answered nothing real yet (an empty part carrying a signature is not output): all wait for it.
    b.push({ type: "reasoning-delta", candidate: 0, text: "", signature: "sig-b" });
    expect(await hasSettled(first)).toBe(false);
    b.push(text(0, "b1"));
    expect(await first).toEqual({ done: false, value: text(0, "a1") });
    expect((await merged.next()).value).toEqual({
      type: "reasoning-delta",
      candidate: 1,
      text: "",
      signature: "sig-b",
    });
    expect((await merged.next()).value).toEqual(text(1, "b1"));
    expect((await merged.next()).value).toEqual(text(2, "c1"));
    a.push(finish(0));
    b.push(finish(0));
    c.push(finish(0));
    for (const call of all) call.end();
    expect(await rest(merged)).toEqual([finish(0), finish(1), finish(2)]);
    expect(stopAll).not.toHaveBeenCalled();
  });

  it("interleaves fairly: calls that both have events ready take turns", async () => {
    const { all, stopAll } = calls(2);
    const [a, b] = all as [Call, Call];
    a.push(text(0, "a1"), text(0, "a2"), text(0, "a3"), finish(0));
    b.push(text(0, "b1"), text(0, "b2"), text(0, "b3"), finish(0));
    a.end();
    b.end();
    const texts = (await rest(interleaveAnswers(all, stopAll))).map((event) =>
      event.type === "text-delta"
        ? event.text
        : `${event.type} ${"candidate" in event ? event.candidate : ""}`,
    );
    expect(texts).toEqual(["a1", "b1", "a2", "b2", "a3", "b3", "finish 0", "finish 1"]);
  });

  it("a choice that finishes early is not held back by one still writing (no waiting for choice 0)", async () => {
    const { all, stopAll } = calls(2);
    const [a, b] = all as [Call, Call];
    const merged = interleaveAnswers(all, stopAll);
    a.push(text(0, "a1"));
    b.push(text(0, "b1"));
    expect((await merged.next()).value).toEqual(text(0, "a1"));
    expect((await merged.next()).value).toEqual(text(1, "b1"));
    b.push(text(0, "b2"), finish(0), { type: "usage", usage: usage(10, 3) });
    b.end();
    expect((await merged.next()).value).toEqual(text(1, "b2"));
    expect((await merged.next()).value).toEqual(finish(1));
    // Choice 0 is still open: the merge waits for it, and only then gives the usage.
    const next = merged.next();
    expect(await hasSettled(next)).toBe(false);
    a.push(finish(0), { type: "usage", usage: usage(10, 5) });
    a.end();
    expect((await next).value).toEqual(finish(0));
    expect(await rest(merged)).toEqual([
      { type: "usage", usage: { inputTokens: 20, outputTokens: 8, reasoningTokens: 2, cachedTokens: 4 } },
    ]);
  });

  it("usage: each call's last usage (Gemini's is cumulative), summed into one event at the very end", async () => {
    const { all, stopAll } = calls(2);
    const [a, b] = all as [Call, Call];
    a.push({ type: "usage", usage: usage(7, 1) }, text(0, "a"), finish(0), {
      type: "usage",
      usage: usage(7, 4),
    });
    b.push(text(0, "b"), finish(0));
    a.end();
    b.end();
    expect(await rest(interleaveAnswers(all, stopAll))).toEqual([
      text(0, "a"),
      text(1, "b"),
      finish(0),
      finish(1),
      { type: "usage", usage: usage(7, 4) },
    ]);
  });

  it("one call failing before its first real output fails the whole answer at once, and stops the others", async () => {
    const { all, stopAll } = calls(3);
    const [a, b, c] = all as [Call, Call, Call];
    const merged = interleaveAnswers(all, stopAll);
    const first = merged.next();
    a.push(text(0, "a1"));
    const limited = new Error("429 rate limited");
    b.fail(limited);
    // c has not answered yet: it is not waited for.
    await expect(first).rejects.toBe(limited);
    expect(stopAll).toHaveBeenCalled();
    expect(a.returned).toBe(true);
    await settled();
    expect(c.returned).toBe(true);
    expect(await merged.next()).toEqual({ done: true, value: undefined });
  });

  it("a failure after the first output ends the merge with that error, and stops the others", async () => {
    const { all, stopAll } = calls(2);
    const [a, b] = all as [Call, Call];
    const merged = interleaveAnswers(all, stopAll);
    a.push(text(0, "a1"));
    b.push(text(0, "b1"));
    await merged.next();
    await merged.next();
    const cut = new Error("stream cut");
    b.fail(cut);
    await expect(merged.next()).rejects.toBe(cut);
    expect(stopAll).toHaveBeenCalledTimes(1);
    await settled();
    expect(a.returned).toBe(true);
  });

  it("a failure after the first output passes the usage every call had reported just before it", async () => {
    const { all, stopAll } = calls(2);
    const [a, b] = all as [Call, Call];
    const merged = interleaveAnswers(all, stopAll);
    a.push(text(0, "a1"), finish(0), { type: "usage", usage: usage(10, 3) });
    a.end();
    b.push(text(0, "b1"), { type: "usage", usage: usage(10, 1) }, { type: "usage", usage: usage(10, 2) });
    const cut = new Error("stream cut");
    b.fail(cut);
    const { events, error } = await untilFailure(merged);
    expect(error).toBe(cut);
    expect(events).toEqual([
      text(0, "a1"),
      text(1, "b1"),
      finish(0),
      { type: "usage", usage: { inputTokens: 20, outputTokens: 5, reasoningTokens: 2, cachedTokens: 4 } },
    ]);
    expect(stopAll).toHaveBeenCalledTimes(1);
  });

  it("a failure before every first output passes the usage the calls had read so far just before it", async () => {
    const { all, stopAll } = calls(3);
    const [a, b] = all as [Call, Call, Call];
    const merged = interleaveAnswers(all, stopAll);
    a.push({ type: "usage", usage: usage(5, 0) });
    b.push({ type: "usage", usage: usage(7, 1) });
    const limited = new Error("stream cut before its first output");
    b.fail(limited);
    const { events, error } = await untilFailure(merged);
    expect(error).toBe(limited);
    expect(events).toEqual([
      { type: "usage", usage: { inputTokens: 12, outputTokens: 1, reasoningTokens: 2, cachedTokens: 4 } },
    ]);
    expect(stopAll).toHaveBeenCalledTimes(1);
  });

  it("a consumer that stops early (the client went away) stops every call", async () => {
    const { all, stopAll } = calls(2);
    const [a, b] = all as [Call, Call];
    a.push(text(0, "a1"));
    b.push(text(0, "b1"));
    for await (const _event of interleaveAnswers(all, stopAll)) break;
    expect(stopAll).toHaveBeenCalledTimes(1);
    await settled();
    expect(a.returned).toBe(true);
    expect(b.returned).toBe(true);
  });

  it("a call that ends without output does not hold the others; error events pass as they are", async () => {
    const { all, stopAll } = calls(2);
    const [a, b] = all as [Call, Call];
    const problem = { type: "error" as const, error: new Error("odd") };
    a.end();
    b.push(text(0, "b1"), problem, finish(0));
    b.end();
    expect(await rest(interleaveAnswers(all, stopAll))).toEqual([text(1, "b1"), problem, finish(1)]);
    expect(stopAll).not.toHaveBeenCalled();
  });
});
