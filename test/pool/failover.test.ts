import OpenAI from "openai";
import { afterEach, describe, expect, it } from "vitest";
import { faults } from "../../src/simulator/index.js";
import {
  ask,
  askFails,
  geminiAccounts,
  generations,
  type PoolStack,
  startPoolStack,
  statusOf,
} from "./support.js";

let stack: PoolStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

describe("failover across accounts (simulator, several accounts)", () => {
  it("429 on account A → answered by B; A cools for exactly the delay the body gave", async () => {
    stack = await startPoolStack({ accounts: geminiAccounts(2) });
    stack.simulator.script({ match: { apiKey: "key-1" }, respond: faults.rateLimitPerMinute("17s") });
    const answer = await ask(stack, "first");
    expect(answer).toMatchObject({ account: "acct-2", attempts: "2" });
    expect(answer.text).toContain("You said: first");
    expect(statusOf(stack, "acct-1").cooldowns).toEqual([
      { model: "gemini-2.5-flash", until: stack.clock.now + 17_000, reason: "rate-limit" },
    ]);
    // While A cools, B takes everything at the first attempt; A serves other models meanwhile.
    expect(await ask(stack, "second")).toMatchObject({ account: "acct-2", attempts: "1" });
    expect(await ask(stack, "third", { model: "gemini-2.5-pro" })).toMatchObject({ account: "acct-1" });
    stack.clock.now += 16_999;
    expect(await ask(stack, "fourth")).toMatchObject({ account: "acct-2" });
    stack.clock.now += 1;
    expect(await ask(stack, "fifth")).toMatchObject({ account: "acct-1", attempts: "1" });
  });

  it("quota exhausted: that (account, model) cools until the reset time the upstream gave, uncapped", async () => {
    stack = await startPoolStack({ accounts: geminiAccounts(2) });
    const resetAt = stack.clock.now + 30 * 3_600_000;
    stack.simulator.script({
      match: { apiKey: "key-1" },
      respond: faults.quotaExhausted({
        model: "gemini-2.5-pro",
        resetTimestamp: new Date(resetAt).toISOString(),
      }),
    });
    expect(await ask(stack, "a", { model: "gemini-2.5-pro" })).toMatchObject({
      account: "acct-2",
      attempts: "2",
    });
    expect(statusOf(stack, "acct-1").cooldowns).toEqual([
      { model: "gemini-2.5-pro", until: resetAt, reason: "quota-exhausted" },
    ]);
    stack.clock.now = resetAt - 1;
    expect(await ask(stack, "b", { model: "gemini-2.5-pro" })).toMatchObject({ account: "acct-2" });
    stack.clock.now = resetAt;
    expect(await ask(stack, "c", { model: "gemini-2.5-pro" })).toMatchObject({ account: "acct-1" });
  });

  it("a quota reset given as a delay is honoured to the millisecond", async () => {
    stack = await startPoolStack({ accounts: geminiAccounts(2) });
    stack.simulator.script({
      match: { apiKey: "key-1" },
      respond: faults.quotaExhausted({ resetDelay: "3h2m1.5s" }),
    });
    await ask(stack, "a", { model: "gemini-2.5-pro" });
    expect(statusOf(stack, "acct-1").cooldowns[0]?.until).toBe(stack.clock.now + 10_921_500);
  });

  it("503 storm with one account: backs off and retries it within the wait budget", async () => {
    stack = await startPoolStack({
      accounts: geminiAccounts(1),
      config: { max_attempts: 5, retry_backoff_ms: 10, retry_wait_budget_ms: 2_000 },
    });
    stack.simulator.script({ times: 3, respond: faults.overloaded() });
    const started = Date.now();
    expect(await ask(stack, "storm")).toMatchObject({ account: "acct-1", attempts: "4" });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(generations(stack.simulator)).toHaveLength(4);
    expect(statusOf(stack, "acct-1").cooldowns).toEqual([]);
  });

  it("503 storm longer than the budget: a 502 after backing off no longer than the budget", async () => {
    stack = await startPoolStack({
      accounts: geminiAccounts(1),
      config: { max_attempts: 10, retry_backoff_ms: 20, retry_wait_budget_ms: 100 },
    });
    stack.simulator.script({ forever: true, respond: faults.overloaded() });
    const started = Date.now();
    const error = await askFails(stack, "storm");
    expect(error.status).toBe(502);
    expect(Date.now() - started).toBeLessThan(1_000);
    const tries = generations(stack.simulator).length;
    expect(tries).toBeGreaterThanOrEqual(2);
    expect(tries).toBeLessThanOrEqual(4);
    expect(statusOf(stack, "acct-1").cooldowns).toMatchObject([{ model: "", reason: "capacity" }]);
  });

  it("every account cooling → 429 all_accounts_cooling, Retry-After = until the first one frees", async () => {
    stack = await startPoolStack({ accounts: geminiAccounts(3) });
    stack.simulator.script({ match: { apiKey: "key-1" }, respond: faults.rateLimitPerMinute("40s") });
    stack.simulator.script({ match: { apiKey: "key-2" }, respond: faults.rateLimitPerMinute("25s") });
    stack.simulator.script({ match: { apiKey: "key-3" }, respond: faults.rateLimitPerMinute("31s") });
    const first = await askFails(stack, "x");
    expect(first).toBeInstanceOf(OpenAI.RateLimitError);
    expect(first.code).toBe("rate_limit_exceeded");
    const before = generations(stack.simulator).length;
    const cooling = await askFails(stack, "y");
    expect(cooling).toBeInstanceOf(OpenAI.RateLimitError);
    expect(cooling.code).toBe("all_accounts_cooling");
    expect(cooling.headers?.get("retry-after")).toBe("25");
    stack.clock.now += 10_000;
    expect((await askFails(stack, "z")).headers?.get("retry-after")).toBe("15");
    expect(generations(stack.simulator)).toHaveLength(before);
    // Other models are not cooling.
    expect(await ask(stack, "other model", { model: "gemini-2.5-pro" })).toMatchObject({ attempts: "1" });
  });

  it("403 rests the (account, model) for minutes and moves on; 400 is answered at once", async () => {
    stack = await startPoolStack({ accounts: geminiAccounts(2) });
    stack.simulator.script({ match: { apiKey: "key-1" }, respond: faults.permissionDenied() });
    expect(await ask(stack, "a")).toMatchObject({ account: "acct-2", attempts: "2" });
    const [rest] = statusOf(stack, "acct-1").cooldowns;
    expect(rest?.reason).toBe("forbidden");
    expect((rest?.until ?? 0) - stack.clock.now).toBeGreaterThanOrEqual(600_000);
    stack.simulator.script({ respond: faults.badRequest("Invalid value at 'contents'") });
    const error = await askFails(stack, "b");
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.message).toContain("Invalid value at 'contents'");
  });

  it("concurrent requests spread across the accounts", async () => {
    stack = await startPoolStack({ accounts: geminiAccounts(3) });
    stack.simulator.script({ forever: true, delayMs: 60, respond: { reply: { text: "slow answer" } } });
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, index) => ask(stack as PoolStack, `q${index}`)),
    );
    const perAccount = new Map<string, number>();
    for (const answer of answers)
      perAccount.set(answer.account ?? "", (perAccount.get(answer.account ?? "") ?? 0) + 1);
    expect(Object.fromEntries(perAccount)).toEqual({ "acct-1": 2, "acct-2": 2, "acct-3": 2 });
    expect(stack.gateway.pool.inFlightCount()).toBe(0);
  });

  it("a per-account concurrency cap queues the extra requests instead of overloading an account", async () => {
    stack = await startPoolStack({ accounts: geminiAccounts(2), config: { max_concurrent_per_account: 1 } });
    stack.simulator.script({ forever: true, delayMs: 60, respond: { reply: { text: "slow" } } });
    const answers = await Promise.all(
      Array.from({ length: 4 }, (_, index) => ask(stack as PoolStack, `c${index}`)),
    );
    expect(answers.every((answer) => answer.text === "slow")).toBe(true);
    expect(generations(stack.simulator)).toHaveLength(4);
    for (const key of ["key-1", "key-2"]) {
      const times = generations(stack.simulator)
        .filter((request) => request.headers["x-goog-api-key"] === key)
        .map((request) => request.receivedAt)
        .sort((a, b) => a - b);
      // Each account's next request starts only after its previous one (60 ms) has finished.
      for (let index = 1; index < times.length; index++) {
        expect((times[index] ?? 0) - (times[index - 1] ?? 0)).toBeGreaterThanOrEqual(50);
      }
    }
  });
});
