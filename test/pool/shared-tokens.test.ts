import { afterEach, describe, expect, it } from "vitest";
import { startSimulator } from "../../src/simulator/index.js";
import { tempDir } from "../helpers/temp-dir.js";
import { ask, generations, type PoolStack, startPoolStack } from "./support.js";

/**
 * Two gateways on one data_dir (as the workers of `agate serve --workers 2`), one OAuth account: each
 * refreshed its own token, the store kept the last. After the upstream drops both tokens, each gateway's
 * 401 must reach the token endpoint, not take the other's stored (just as dead) token and rest the account.
 */

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const accounts = [{ kind: "cloudcode", label: "carol@cc", refresh_token: "sim-refresh-carol" }];

describe("two gateways sharing one store, one OAuth account", () => {
  it("after every token is dropped, each 401 refreshes at the token endpoint and the retry succeeds", async () => {
    const simulator = await startSimulator({ quiet: true });
    const dir = tempDir("agate-pool-");
    cleanups.push(() => simulator.close());
    const clock = { now: Date.now() };
    const first = await startPoolStack({ simulator, dataDir: dir, clock, accounts });
    cleanups.push(() => first.close());
    const second = await startPoolStack({ simulator, dataDir: dir, clock, accounts });
    cleanups.push(() => second.close());
    const tokenCalls = () => simulator.requests.filter((request) => request.path === "/token").length;

    // Both start at once, before either has stored a token: each refreshes on its own.
    await Promise.all([ask(first, "warm up one"), ask(second, "warm up two")]);
    expect(tokenCalls()).toBe(2);
    const warmTokens = new Set(generations(simulator).map((request) => request.headers.authorization));
    expect(warmTokens.size).toBe(2);

    simulator.expireAccessTokens();
    clock.now += 60_000;
    const answered = async (stack: PoolStack, text: string) => ({
      ...(await ask(stack, text)),
      tokenCalls: tokenCalls(),
    });
    expect(await answered(first, "after expiry one")).toMatchObject({ attempts: "2", tokenCalls: 3 });
    clock.now += 1_000;
    expect(await answered(second, "after expiry two")).toMatchObject({ attempts: "2", tokenCalls: 4 });
    // Neither gateway rested the account.
    expect(await ask(first, "later one")).toMatchObject({ attempts: "1" });
    expect(await ask(second, "later two")).toMatchObject({ attempts: "1" });
  });
});
