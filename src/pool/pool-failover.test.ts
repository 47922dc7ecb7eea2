import { describe, expect, it } from "vitest";
import {
  type Outcome,
  scriptedClient,
  testAccount,
  testCatalog,
  testPool,
  testRequest,
} from "../../test/helpers/pool-fixtures.js";
import type { GenerateRequest } from "../hub/types.js";
import { UpstreamError } from "../upstream/upstream-error.js";
import type { Account } from "./account.js";
import { Cooldowns } from "./cooldowns.js";
import type { Pool, PoolDependencies, PoolTrace } from "./pool.js";
import { StickySessions } from "./sticky-sessions.js";

const account = (id: string, kind: Account["kind"] = "gemini"): Account => testAccount(id, { kind });

const request = (text = "hi", overrides: Partial<GenerateRequest> = {}): GenerateRequest =>
  testRequest(overrides, text);

interface Harness {
  pool: Pool;
  calls: { account: string; model: string }[];
  sleeps: number[];
  refreshes: string[];
  disabled: string[];
  clock: { now: number };
  cooldowns: Cooldowns;
}

/** A pool over scripted clients (outcomes per account, in order), a fixed clock, no real sleeping. */
function harness(
  accounts: Account[],
  outcomes: Record<string, Outcome[]>,
  options: Partial<PoolDependencies> & { refreshOutcomes?: (Outcome | "store")[] } = {},
): Harness {
  const calls: Harness["calls"] = [];
  const sleeps: number[] = [];
  const refreshes: string[] = [];
  const disabled: string[] = [];
  const clock = { now: 1_000_000 };
  const client = {
    ...scriptedClient(outcomes, (target, call) => calls.push({ account: target.id, model: call.model })),
    refresh: async (target: Account) => {
      refreshes.push(target.id);
      const outcome = options.refreshOutcomes?.shift() ?? "ok";
      if (outcome === "store") return "store" as const;
      if (outcome !== "ok") throw outcome;
      return "token-endpoint" as const;
    },
  };
  const cooldowns = new Cooldowns(() => clock.now);
  const pool = testPool(
    accounts,
    { gemini: client, cloudcode: client },
    {
      cooldowns,
      now: () => clock.now,
      random: () => 0,
      sleep: async (ms) => {
        sleeps.push(ms);
        clock.now += ms;
      },
      disable: (target) => disabled.push(target.id),
      ...options,
    },
  );
  return { pool, calls, sleeps, refreshes, disabled, clock, cooldowns };
}

const http = (status: number, google: Partial<NonNullable<UpstreamError["google"]>> = {}) =>
  new UpstreamError(`HTTP ${status}`, { kind: "http", status, google: { quotaIds: [], ...google } });
const overloaded = () => http(503);
const trace = (): PoolTrace => ({ attempts: 0 });
const run = (h: Harness, body = request(), signal = new AbortController().signal) =>
  h.pool.execute(body, signal, trace());
const served = async (h: Harness, body = request()) => {
  const result = await run(h, body);
  for await (const _ of result.events) {
    // drain, releasing the slot
  }
  return result.account.id;
};

describe("the failover loop", () => {
  it("with one account, backs off and retries the same account after a 503", async () => {
    const h = harness([account("a")], { a: [overloaded(), overloaded()] }, { retryBackoffMs: 100 });
    const result = await run(h);
    expect(result.attempts).toBe(3);
    expect(h.calls.map((call) => call.account)).toEqual(["a", "a", "a"]);
    expect(h.sleeps).toEqual([50, 100]);
    expect(h.cooldowns.remainingMs("a", "gemini-2.5-flash")).toBe(0);
  });

  it("stops backing off when the wait budget is spent, and rests the account", async () => {
    const h = harness(
      [account("a")],
      { a: [overloaded(), overloaded(), overloaded()] },
      {
        retryBackoffMs: 100,
        retryWaitBudgetMs: 120,
        maxAttempts: 10,
      },
    );
    await expect(run(h)).rejects.toMatchObject({ status: 502 });
    expect(h.sleeps).toEqual([50]);
    expect(h.calls).toHaveLength(2);
    expect(h.cooldowns.remainingMs("a", "x")).toBe(2_000);
  });

  it("max_attempts spent on rate limits while an account not tried is free: retry at once, not after the delay", async () => {
    const limited = () => http(429, { retryDelayMs: 17_000 });
    const accounts = [account("a"), account("b"), account("c")];
    const spent = harness(accounts, { a: [limited()], b: [limited()] }, { maxAttempts: 2 });
    await expect(run(spent)).rejects.toMatchObject({
      status: 429,
      code: "rate_limit_exceeded",
      retryAfterSeconds: 1,
    });
    // Every account tried: the upstream's delay.
    const all = harness(accounts, { a: [limited()], b: [limited()], c: [limited()] }, { maxAttempts: 3 });
    await expect(run(all)).rejects.toMatchObject({ status: 429, retryAfterSeconds: 17 });
  });

  it("a long rate limit on the last account tried while another rests briefly: retry when that one frees", async () => {
    const accounts = [account("a"), account("b")];
    const h = harness(accounts, { b: [http(429, { retryDelayMs: 40_000_000, quotaIds: ["PerDay"] })] });
    h.cooldowns.cool("a", "gemini-2.5-flash", 20_000, "rate-limit");
    await expect(run(h)).rejects.toMatchObject({
      status: 429,
      code: "rate_limit_exceeded",
      retryAfterSeconds: 20,
    });
  });

  it("a capacity 429 on the last attempt, its account not rested: the upstream's delay, not 1 s", async () => {
    const busy = () => http(429, { reason: "MODEL_CAPACITY_EXHAUSTED", retryDelayMs: 30_000 });
    const h = harness([account("a")], { a: [busy()] }, { maxAttempts: 1 });
    await expect(run(h)).rejects.toMatchObject({ status: 429, retryAfterSeconds: 30 });
  });

  it("with another account, rotates at once instead of waiting", async () => {
    const h = harness([account("a"), account("b")], { a: [overloaded()] });
    expect(await served(h)).toBe("b");
    expect(h.sleeps).toEqual([]);
  });

  it("401: refreshes the token once and retries the same account", async () => {
    const h = harness([account("a", "cloudcode"), account("b")], { a: [http(401)] });
    const result = await run(h);
    expect(result.account.id).toBe("a");
    expect(result.attempts).toBe(2);
    expect(h.refreshes).toEqual(["a"]);
  });

  it("401 on the last attempt: renews the token and says to retry, not that no account was allowed", async () => {
    const h = harness([account("a", "cloudcode")], { a: [http(401)] }, { maxAttempts: 1 });
    const error: unknown = await run(h).catch((caught: unknown) => caught);
    expect(h.refreshes).toEqual(["a"]);
    expect(error).toMatchObject({ status: 503, code: "upstream_auth_failed", retryAfterSeconds: 1 });
    expect((error as Error).message).toMatch(
      /^The upstream refused the account's access token for 'gemini-2\.5-flash'; agate renewed it, but max_attempts ran out before it could try again: retry the request\./,
    );
    expect(h.cooldowns.remainingMs("a", "any")).toBe(0);
  });

  it("401 on the last attempt whose renewal failed (token endpoint 503): no wait, and it does not say renewed", async () => {
    const h = harness(
      [account("a", "cloudcode")],
      { a: [http(401)] },
      {
        maxAttempts: 1,
        refreshOutcomes: [http(503)],
      },
    );
    const error: unknown = await run(h).catch((caught: unknown) => caught);
    expect(h.sleeps).toEqual([]);
    expect(error).toMatchObject({ status: 502 });
    expect((error as Error).message).not.toMatch(/renewed/);
  });

  it("401 again after the refresh: rests the account and rotates", async () => {
    const h = harness([account("a", "cloudcode"), account("b")], { a: [http(401), http(401)] });
    expect((await run(h)).account.id).toBe("b");
    expect(h.refreshes).toEqual(["a"]);
    expect(h.cooldowns.remainingMs("a", "any")).toBe(600_000);
  });

  it("the only account resting after 401s: the next 429 says so, not that it is rate limited", async () => {
    const h = harness([account("a", "cloudcode")], { a: [http(401), http(401)] });
    await expect(run(h)).rejects.toMatchObject({ status: 503, code: "upstream_auth_failed" });
    const error: unknown = await run(h).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 429, code: "all_accounts_cooling", retryAfterSeconds: 600 });
    expect((error as Error).message).toBe(
      "Every account that can serve 'gpt-4o' is resting after the upstream refused its credentials " +
        "(401 unauthorized); retry after 600 s (about 10 min) or add accounts.",
    );
  });

  it("a token taken from the store after a 401 is not the one refresh: refused too, the token endpoint is asked", async () => {
    const h = harness(
      [account("a", "cloudcode")],
      { a: [http(401), http(401)] },
      { refreshOutcomes: ["store", "ok"] },
    );
    const result = await run(h);
    expect(result.account.id).toBe("a");
    expect(result.attempts).toBe(3);
    expect(h.refreshes).toEqual(["a", "a"]);
    expect(h.cooldowns.remainingMs("a", "any")).toBe(0);
  });

  it("invalid_grant while refreshing: turns the account off and rotates", async () => {
    const revoked = new UpstreamError("refused", {
      kind: "http",
      status: 400,
      oauth: { error: "invalid_grant", description: "Token has been expired or revoked." },
    });
    const h = harness(
      [account("a", "cloudcode"), account("b")],
      { a: [http(401)] },
      { refreshOutcomes: [revoked] },
    );
    expect((await run(h)).account.id).toBe("b");
    expect(h.disabled).toEqual(["a"]);
  });

  it("invalid_grant with no other account: the client gets a 503 saying to sign in again", async () => {
    const revoked = new UpstreamError("refused", {
      kind: "http",
      status: 400,
      oauth: { error: "invalid_grant" },
    });
    const h = harness([account("a", "cloudcode")], { a: [revoked] });
    await expect(run(h)).rejects.toMatchObject({ status: 503, code: "upstream_auth_failed" });
  });

  it("a 404 is not retried elsewhere", async () => {
    const h = harness([account("a"), account("b")], { a: [http(404)] });
    await expect(run(h)).rejects.toMatchObject({ status: 404, code: "model_not_found" });
    expect(h.calls).toHaveLength(1);
  });

  it("a quota error asks the catalog to read the account's quota again", async () => {
    const invalidated: string[] = [];
    const catalog = testCatalog({ invalidate: (id) => invalidated.push(id) });
    const quota = http(429, { reason: "QUOTA_EXHAUSTED", quotaResetDelayMs: 3_600_000 });
    const h = harness([account("a"), account("b")], { a: [quota] }, { catalog });
    expect(await served(h)).toBe("b");
    expect(invalidated).toEqual(["a"]);
    expect(h.cooldowns.remainingMs("a", "gemini-2.5-flash")).toBe(3_600_000);
  });
});

describe("account choice in the loop", () => {
  it("forwards a deprecated model id to its replacement on the account that lists it", async () => {
    const catalog = testCatalog({
      serves: (id, model) => model === "old-model" && id === "b",
      replacement: (id, model) => (id === "b" && model === "old-model" ? "new-model" : undefined),
    });
    const h = harness([account("a"), account("b")], {}, { catalog });
    await served(h, request("hi", { model: "old-model" }));
    expect(h.calls).toEqual([{ account: "b", model: "new-model" }]);
  });

  it("sticky: a conversation stays on its account, and moves when that account cools", async () => {
    const clock = { now: 0 };
    const sessions = new StickySessions({ now: () => clock.now, ttlMs: 60_000, maxEntries: 10 });
    const h = harness([account("a"), account("b"), account("c")], {}, { sessions });
    const conversation = request("x", { sessionKey: "alice" });
    await served(h, request("warm up a"));
    const first = await served(h, conversation);
    expect(first).toBe("b");
    for (let turn = 0; turn < 5; turn++) expect(await served(h, conversation)).toBe("b");
    h.cooldowns.cool("b", "gemini-2.5-flash", 30_000, "rate-limit");
    const moved = await served(h, conversation);
    expect(moved).not.toBe("b");
    expect(await served(h, conversation)).toBe(moved);
  });

  it("sticky: with one account there is no binding to keep (none stored), with two there is", async () => {
    const sessions = new StickySessions({ now: () => 0, ttlMs: 60_000, maxEntries: 10 });
    const alone = harness([account("a")], {}, { sessions });
    await served(alone, request("x", { sessionKey: "alice" }));
    await served(alone, request("y"));
    expect(sessions.size).toBe(0);
    const pair = harness([account("a"), account("b")], {}, { sessions });
    await served(pair, request("x", { sessionKey: "alice" }));
    expect(sessions.size).toBe(1);
  });

  it("per-account concurrency cap: a request waits for a free slot", async () => {
    const h = harness([account("a")], {}, { maxConcurrentPerAccount: 1 });
    const first = await run(h);
    const second = run(h);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(h.calls).toHaveLength(1);
    for await (const _ of first.events) {
      // finishing the first frees the slot
    }
    expect((await second).account.id).toBe("a");
    expect(h.calls).toHaveLength(2);
  });

  it("per-account concurrency cap: 429 all_accounts_busy when no slot frees within the budget", async () => {
    const h = harness([account("a")], {}, { maxConcurrentPerAccount: 1, retryWaitBudgetMs: 20 });
    await run(h);
    await expect(run(h)).rejects.toMatchObject({ status: 429, code: "all_accounts_busy" });
  });

  it("round robin hands accounts out in turn", async () => {
    const h = harness([account("a"), account("b"), account("c")], {}, { strategy: "round_robin" });
    const order: string[] = [];
    for (let i = 0; i < 4; i++) order.push(await served(h, request("same")));
    expect(order).toEqual(["a", "b", "c", "a"]);
  });
});
