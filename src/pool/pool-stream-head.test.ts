import { describe, expect, it } from "vitest";
import { drain, testAccount, testPool, testRequest } from "../../test/helpers/pool-fixtures.js";
import type { GenerateEvent, GenerateRequest } from "../hub/types.js";
import type { UpstreamClient } from "../upstream/types.js";
import type { Pool } from "./pool.js";

const request = (stream: boolean): GenerateRequest => testRequest({ stream });

const empty: GenerateEvent = { type: "reasoning-delta", candidate: 0, text: "", signature: "sig" };
const usage: GenerateEvent = {
  type: "usage",
  usage: { inputTokens: 1, outputTokens: 0, reasoningTokens: 0, cachedTokens: 0 },
};
const text: GenerateEvent = { type: "text-delta", candidate: 0, text: "hi" };
const finish: GenerateEvent = { type: "finish", candidate: 0, reason: "stop" };

/** A pool over one account whose upstream sends `events` (streamed, or whole through `complete`). */
function poolSending(events: GenerateEvent[], whole = false): Pool {
  const client: UpstreamClient = {
    async *generate(): AsyncGenerator<GenerateEvent> {
      yield* events;
    },
    ...(whole ? { complete: async () => events } : {}),
    listModels: async () => [],
  };
  return testPool([testAccount("a")], client);
}

describe("a streamed PoolResult's head", () => {
  it("is what the pool read up to the first real output; the events start with it", async () => {
    const pool = poolSending([empty, usage, text, finish]);
    const result = await pool.execute(request(true), new AbortController().signal, { attempts: 0 });
    expect(result.head).toEqual([
      { done: false, value: empty },
      { done: false, value: usage },
      { done: false, value: text },
    ]);
    expect(await drain(result.events)).toEqual([empty, usage, text, finish]);
    expect(pool.inFlightCount()).toBe(0);
  });

  it("ends with the end when the upstream sent no real output; its slot is free before anyone reads", async () => {
    const pool = poolSending([usage]);
    const result = await pool.execute(request(true), new AbortController().signal, { attempts: 0 });
    expect(result.head).toEqual([
      { done: false, value: usage },
      { done: true, value: undefined },
    ]);
    expect(pool.inFlightCount()).toBe(0);
    expect(await drain(result.events)).toEqual([usage]);
  });

  it("a whole answer has none (its events are all there)", async () => {
    const pool = poolSending([text, finish], true);
    const result = await pool.execute(request(false), new AbortController().signal, { attempts: 0 });
    expect(result.whole).toEqual([text, finish]);
    expect(result.head).toBeUndefined();
  });
});
