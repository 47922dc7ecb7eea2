import { describe, expect, it } from "vitest";
import { testAccount, testPool, testRequest } from "../../test/helpers/pool-fixtures.js";
import type { GenerateEvent, Usage } from "../hub/types.js";
import type { UpstreamClient } from "../upstream/types.js";
import { UpstreamError } from "../upstream/upstream-error.js";
import type { Pool, PoolTrace } from "./pool.js";

const request = testRequest({ requestedModel: "gemini-2.5-flash", stream: true });

const tokens = (inputTokens: number): Usage => ({
  inputTokens,
  outputTokens: 0,
  reasoningTokens: 0,
  cachedTokens: 0,
});
const usage = (inputTokens: number): GenerateEvent => ({ type: "usage", usage: tokens(inputTokens) });
const text: GenerateEvent = { type: "text-delta", candidate: 0, text: "hi" };
const finish: GenerateEvent = { type: "finish", candidate: 0, reason: "stop" };
const died = () => new UpstreamError("stream cut", { kind: "stream" });

/**
 * A pool whose calls stream `before` and die, the first `dying` of them (all: Infinity); the others answer.
 */
function poolDyingFirst(before: GenerateEvent[], accounts = 2, dying = 1): Pool {
  let calls = 0;
  const client: UpstreamClient = {
    async *generate(): AsyncGenerator<GenerateEvent> {
      if (calls++ < dying) {
        yield* before;
        throw died();
      }
      yield* [text, finish, usage(4)];
    },
    listModels: async () => [],
  };
  const ids = Array.from({ length: accounts }, (_, index) => `a${index + 1}`);
  return testPool(
    ids.map((id) => testAccount(id)),
    client,
    { sleep: async () => undefined },
  );
}

describe("the tokens of an attempt that failed before its first real output", () => {
  it("are kept in the trace when another account answers (Google billed them)", async () => {
    const trace: PoolTrace = { attempts: 0 };
    const result = await poolDyingFirst([usage(9)]).execute(request, new AbortController().signal, trace);
    expect(result.account.id).toBe("a2");
    expect(trace.attempts).toBe(2);
    expect(trace.spent).toEqual(tokens(9));
  });

  it("the last usage of an attempt counts (Gemini's is cumulative); a retry of the same account too", async () => {
    const trace: PoolTrace = { attempts: 0 };
    const pool = poolDyingFirst([usage(3), usage(9)], 1);
    await expect(pool.execute(request, new AbortController().signal, trace)).resolves.toBeDefined();
    expect(trace.spent).toEqual(tokens(9));
  });

  it("every failed attempt adds its tokens, also when the request fails in the end", async () => {
    const trace: PoolTrace = { attempts: 0 };
    const pool = poolDyingFirst([usage(2)], 3, Number.POSITIVE_INFINITY);
    await expect(pool.execute(request, new AbortController().signal, trace)).rejects.toThrow();
    expect(trace.attempts).toBe(3);
    expect(trace.spent).toEqual(tokens(6));
  });

  it("none when the failed attempt reported no usage", async () => {
    const trace: PoolTrace = { attempts: 0 };
    await poolDyingFirst([]).execute(request, new AbortController().signal, trace);
    expect(trace.spent).toBeUndefined();
  });
});

describe("the tokens an answer read whole reported before it failed (UpstreamError.spent)", () => {
  it("are kept in the trace, added to those of the other attempts", async () => {
    let calls = 0;
    const client: UpstreamClient = {
      async *generate(): AsyncGenerator<GenerateEvent> {},
      async complete(): Promise<GenerateEvent[]> {
        calls += 1;
        if (calls === 1) throw new UpstreamError("one choice refused", { kind: "stream", spent: tokens(6) });
        return [text, finish, usage(4)];
      },
      listModels: async () => [],
    };
    const pool = testPool([testAccount("a1"), testAccount("a2")], client, { sleep: async () => undefined });
    const trace: PoolTrace = { attempts: 0 };
    const result = await pool.execute({ ...request, stream: false }, new AbortController().signal, trace);
    expect(result.whole).toEqual([text, finish, usage(4)]);
    expect(trace.spent).toEqual(tokens(6));
  });
});
