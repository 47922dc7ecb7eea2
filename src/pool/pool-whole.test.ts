import { describe, expect, it } from "vitest";
import {
  answerFrom,
  rateLimited,
  testAccount,
  testPool,
  testRequest,
} from "../../test/helpers/pool-fixtures.js";
import type { GenerateEvent, GenerateRequest } from "../hub/types.js";
import type { UpstreamClient } from "../upstream/types.js";
import type { UpstreamError } from "../upstream/upstream-error.js";
import type { Account } from "./account.js";

const request = (stream: boolean): GenerateRequest => testRequest({ stream });

/** A client that reads calls whole (`complete`); `generate` too, for streamed calls. Records which ran. */
function wholeClient(failures: Record<string, UpstreamError[]>, calls: string[]): UpstreamClient {
  return {
    async complete(target: Account): Promise<GenerateEvent[]> {
      calls.push(`complete ${target.id}`);
      const failure = failures[target.id]?.shift();
      if (failure !== undefined) throw failure;
      return answerFrom(target.id);
    },
    async *generate(target: Account): AsyncGenerator<GenerateEvent> {
      calls.push(`generate ${target.id}`);
      yield* answerFrom(target.id);
    },
    listModels: async () => [],
  };
}

describe("Pool.execute, whole answers (a call that is not streamed, on a client with `complete`)", () => {
  it("returns the answer whole, with its account slot already free, and the same events as a stream", async () => {
    const calls: string[] = [];
    const pool = testPool([testAccount("a")], wholeClient({}, calls));
    const result = await pool.execute(request(false), new AbortController().signal, { attempts: 0 });
    expect(calls).toEqual(["complete a"]);
    expect(result.whole).toEqual(answerFrom("a"));
    expect(pool.inFlightCount()).toBe(0);
    const streamed: GenerateEvent[] = [];
    for await (const event of result.events) streamed.push(event);
    expect(streamed).toEqual(answerFrom("a"));
  });

  it("fails over as a streamed call does: a 429 cools the account and the next one answers", async () => {
    const calls: string[] = [];
    const pool = testPool([testAccount("a"), testAccount("b")], wholeClient({ a: [rateLimited()] }, calls));
    const result = await pool.execute(request(false), new AbortController().signal, { attempts: 0 });
    expect(calls).toEqual(["complete a", "complete b"]);
    expect(result.account.id).toBe("b");
    expect(result.attempts).toBe(2);
    expect(result.whole?.[0]).toEqual({ type: "text-delta", candidate: 0, text: "from b" });
    expect(pool.inFlightCount()).toBe(0);
  });

  it("a streamed call still goes through `generate`, and has no whole answer", async () => {
    const calls: string[] = [];
    const pool = testPool([testAccount("a")], wholeClient({}, calls));
    const result = await pool.execute(request(true), new AbortController().signal, { attempts: 0 });
    expect(calls).toEqual(["generate a"]);
    expect(result.whole).toBeUndefined();
    expect(pool.inFlightCount()).toBe(1);
    for await (const _ of result.events) {
      // read to the end: the slot is freed then
    }
    expect(pool.inFlightCount()).toBe(0);
  });

  it("the client leaving while the answer is read frees the slot and rejects with the signal's reason", async () => {
    let answer: (events: GenerateEvent[]) => void = () => undefined;
    const client: UpstreamClient = {
      complete: () =>
        new Promise((resolve) => {
          answer = resolve;
        }),
      async *generate() {},
      listModels: async () => [],
    };
    const pool = testPool([testAccount("a")], client);
    const controller = new AbortController();
    const pending = pool.execute(request(false), controller.signal, { attempts: 0 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(pool.inFlightCount()).toBe(1);
    controller.abort(new Error("client gone"));
    await expect(pending).rejects.toThrow("client gone");
    expect(pool.inFlightCount()).toBe(0);
    answer(answerFrom("a"));
  });
});
