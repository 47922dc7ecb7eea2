import { describe, expect, it } from "vitest";
import {
  drain,
  overloaded,
  scriptedClient,
  testAccount,
  testCatalog,
  testPool,
  testRequest,
} from "../../test/helpers/pool-fixtures.js";
import { AgateError } from "../errors.js";
import type { UpstreamClient } from "../upstream/types.js";
import type { UpstreamError } from "../upstream/upstream-error.js";
import type { Strategy } from "./choose-account.js";
import type { ModelAvailability } from "./model-catalog.js";
import type { Pool, PoolTrace } from "./pool.js";

/** Asks for two answers: what the refusing accounts refuse ("'n' must be 1"). */
const request = testRequest({ stream: true, settings: { candidateCount: 2 } });

const refused = new AgateError("'n' must be 1", {
  status: 400,
  type: "invalid_request_error",
  code: "unsupported_value",
  param: "n",
});

/**
 * A pool whose client refuses a request for more than one answer on the accounts in `refusing`, fails each
 * account's calls as scripted, and records every refusal() it is asked (account and model) and every call
 * it gets. The accounts in `oneSlot` take one request at a time; `retryWaitBudgetMs` bounds a wait for one.
 */
function recordingPool(
  ids: string[],
  options: {
    refusing?: string[];
    failures?: Record<string, UpstreamError[]>;
    catalog?: ModelAvailability;
    strategy?: Strategy;
    oneSlot?: string[];
    retryWaitBudgetMs?: number;
  } = {},
) {
  const asked: string[] = [];
  const calls: string[] = [];
  const client: UpstreamClient = {
    ...scriptedClient(options.failures ?? {}, (target, call) => calls.push(`${target.id} ${call.model}`)),
    refusal: (target, asking) => {
      asked.push(`${target.id} ${asking.model}`);
      const refuses =
        options.refusing?.includes(target.id) === true && (asking.settings.candidateCount ?? 1) > 1;
      return refuses ? refused : undefined;
    },
  };
  const pool = testPool(
    ids.map((id) => testAccount(id, options.oneSlot?.includes(id) === true ? { maxConcurrent: 1 } : {})),
    client,
    {
      sleep: async () => undefined,
      ...(options.catalog === undefined ? {} : { catalog: options.catalog }),
      ...(options.strategy === undefined ? {} : { strategy: options.strategy }),
      ...(options.retryWaitBudgetMs === undefined ? {} : { retryWaitBudgetMs: options.retryWaitBudgetMs }),
    },
  );
  return { pool, asked, calls };
}

/** A catalog that replaces the model on account b only. */
const replacedOnB = testCatalog({ replacement: (id) => (id === "b" ? "gemini-3-flash-preview" : undefined) });

const execute = (pool: Pool, trace: PoolTrace = { attempts: 0 }) =>
  pool.execute(request, new AbortController().signal, trace);

describe("Pool.execute asks each account's refusal at most once per request", () => {
  it("one account, a request nothing refuses: asked once", async () => {
    const { pool, asked } = recordingPool(["a"]);
    await execute(pool);
    expect(asked).toEqual(["a gemini-2.5-flash"]);
  });

  it("the first account refuses, the second takes it: each asked once, the second called", async () => {
    const { pool, asked, calls } = recordingPool(["a", "b"], { refusing: ["a"] });
    const result = await execute(pool);
    expect(result.account.id).toBe("b");
    expect(asked).toEqual(["a gemini-2.5-flash", "b gemini-2.5-flash"]);
    expect(calls).toEqual(["b gemini-2.5-flash"]);
  });

  it("every account refuses: each asked once, the first refusal the answer", async () => {
    const { pool, asked, calls } = recordingPool(["a", "b", "c"], { refusing: ["a", "b", "c"] });
    await expect(execute(pool)).rejects.toBe(refused);
    expect(asked).toEqual(["a gemini-2.5-flash", "b gemini-2.5-flash", "c gemini-2.5-flash"]);
    expect(calls).toEqual([]);
  });

  it("an account tried again in place is not asked again", async () => {
    const { pool, asked, calls } = recordingPool(["a"], { failures: { a: [overloaded()] } });
    const trace: PoolTrace = { attempts: 0 };
    await execute(pool, trace);
    expect(trace.attempts).toBe(2);
    expect(calls).toEqual(["a gemini-2.5-flash", "a gemini-2.5-flash"]);
    expect(asked).toEqual(["a gemini-2.5-flash"]);
  });

  it("the first account, asked up front, then tried after another one failed: asked once", async () => {
    // Round robin: the second request starts with b; its 503 rotates it to a.
    const { pool, asked, calls } = recordingPool(["a", "b"], {
      strategy: "round_robin",
      failures: { b: [overloaded()] },
    });
    await execute(pool);
    asked.length = 0;
    calls.length = 0;
    const result = await execute(pool);
    expect(result.account.id).toBe("a");
    expect(calls).toEqual(["b gemini-2.5-flash", "a gemini-2.5-flash"]);
    expect(asked).toEqual(["a gemini-2.5-flash", "b gemini-2.5-flash"]);
  });

  it("each account is asked with the model it would be sent (its replacement), the call made with it", async () => {
    const { pool, asked, calls } = recordingPool(["a", "b"], { refusing: ["a"], catalog: replacedOnB });
    await execute(pool);
    expect(asked).toEqual(["a gemini-2.5-flash", "b gemini-3-flash-preview"]);
    expect(calls).toEqual(["b gemini-3-flash-preview"]);
  });

  it("an account tried again in place after another was asked keeps its own request", async () => {
    const { pool, asked, calls } = recordingPool(["a", "b"], {
      refusing: ["a"],
      catalog: replacedOnB,
      failures: { b: [overloaded()] },
    });
    const trace: PoolTrace = { attempts: 0 };
    const result = await execute(pool, trace);
    expect(result.account.id).toBe("b");
    expect(trace.attempts).toBe(2);
    expect(calls).toEqual(["b gemini-3-flash-preview", "b gemini-3-flash-preview"]);
    expect(asked).toEqual(["a gemini-2.5-flash", "b gemini-3-flash-preview"]);
  });

  it("an account found refusing up front is no alternative: the one that takes it is retried in place", async () => {
    // b has more quota left, so it is chosen before a, whose refusal the up-front check already knows.
    const catalog: ModelAvailability = {
      serves: () => undefined,
      remainingFraction: (id) => (id === "a" ? 0.1 : 0.9),
      replacement: () => undefined,
      invalidate: () => undefined,
    };
    const { pool, asked, calls } = recordingPool(["a", "b"], {
      refusing: ["a"],
      catalog,
      failures: { b: [overloaded()] },
    });
    const trace: PoolTrace = { attempts: 0 };
    const result = await execute(pool, trace);
    expect(result.account.id).toBe("b");
    expect(trace.attempts).toBe(2);
    expect(calls).toEqual(["b gemini-2.5-flash", "b gemini-2.5-flash"]);
    expect(asked).toEqual(["a gemini-2.5-flash", "b gemini-2.5-flash"]);
    expect(pool.status().find(({ id }) => id === "b")?.cooldowns).toEqual([]);
  });

  it("an account not asked yet is asked before it counts as an alternative to a retry in place", async () => {
    // a refuses up front, b takes it; c, never asked before b fails, refuses too: b is tried again.
    const { pool, asked, calls } = recordingPool(["a", "b", "c"], {
      refusing: ["a", "c"],
      failures: { b: [overloaded()] },
    });
    const trace: PoolTrace = { attempts: 0 };
    const result = await execute(pool, trace);
    expect(result.account.id).toBe("b");
    expect(trace.attempts).toBe(2);
    expect(calls).toEqual(["b gemini-2.5-flash", "b gemini-2.5-flash"]);
    expect(asked).toEqual(["a gemini-2.5-flash", "b gemini-2.5-flash", "c gemini-2.5-flash"]);
    expect(pool.status().find(({ id }) => id === "b")?.cooldowns).toEqual([]);
  });

  it("a busy account found refusing is no alternative either: the one that takes it is retried in place", async () => {
    // b has more quota left: a request it takes holds b's one slot. Then a, the only account that takes
    // the request, fails; b, at its limit and never asked before, refuses it: a is tried again, not rested
    // while the request waits for b's slot.
    const catalog = testCatalog({ remainingFraction: (id) => (id === "a" ? 0.1 : 0.9) });
    const { pool, asked, calls } = recordingPool(["a", "b"], {
      refusing: ["b"],
      catalog,
      oneSlot: ["b"],
      // A wait for b's slot (the mistake this guards against) ends soon, in a 429, not in a test timeout.
      retryWaitBudgetMs: 2_000,
      failures: { a: [overloaded()] },
    });
    const held = await pool.execute(testRequest({ stream: true }), new AbortController().signal, {
      attempts: 0,
    });
    expect(held.account.id).toBe("b");
    asked.length = 0;
    calls.length = 0;
    const trace: PoolTrace = { attempts: 0 };
    const result = await execute(pool, trace);
    expect(result.account.id).toBe("a");
    expect(trace.attempts).toBe(2);
    expect(calls).toEqual(["a gemini-2.5-flash", "a gemini-2.5-flash"]);
    expect(asked).toEqual(["a gemini-2.5-flash", "b gemini-2.5-flash"]);
    expect(pool.status().find(({ id }) => id === "a")?.cooldowns).toEqual([]);
    await drain(held.events);
    await drain(result.events);
    expect(pool.inFlightCount()).toBe(0);
  });

  it("each request asks afresh", async () => {
    const { pool, asked } = recordingPool(["a"]);
    await execute(pool);
    await execute(pool);
    expect(asked).toEqual(["a gemini-2.5-flash", "a gemini-2.5-flash"]);
  });
});
