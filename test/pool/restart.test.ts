import OpenAI from "openai";
import { afterEach, describe, expect, it } from "vitest";
import { faults, type Simulator, startSimulator } from "../../src/simulator/index.js";
import { tempDir } from "../helpers/temp-dir.js";
import {
  ask,
  askFails,
  type Clock,
  geminiAccounts,
  generations,
  startPoolStack,
  statusOf,
} from "./support.js";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(): Promise<{ simulator: Simulator; dir: string; clock: Clock }> {
  const simulator = await startSimulator({ quiet: true });
  const dir = tempDir("agate-pool-");
  cleanups.push(() => simulator.close());
  return { simulator, dir, clock: { now: Date.now() } };
}

describe("state survives a restart (same data_dir)", () => {
  it("cool-downs: a restarted agate does not hammer a resting account", async () => {
    const { simulator, dir, clock } = await setup();
    const accounts = geminiAccounts(2);
    const before = await startPoolStack({ simulator, dataDir: dir, clock, accounts });
    simulator.script({ match: { apiKey: "key-1" }, respond: faults.rateLimitPerMinute("40s") });
    simulator.script({
      match: { apiKey: "key-2" },
      respond: faults.quotaExhausted({ model: "gemini-2.5-flash", resetDelay: "2h" }),
    });
    await askFails(before, "x");
    await before.close();

    clock.now += 5_000;
    const after = await startPoolStack({ simulator, dataDir: dir, clock, accounts });
    cleanups.push(() => after.close());
    const sent = generations(simulator).length;
    const error = await askFails(after, "y");
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error.code).toBe("all_accounts_cooling");
    expect(error.headers?.get("retry-after")).toBe("35");
    expect(generations(simulator)).toHaveLength(sent);
    expect(statusOf(after, "acct-2").cooldowns).toEqual([
      { model: "gemini-2.5-flash", until: clock.now - 5_000 + 7_200_000, reason: "quota-exhausted" },
    ]);
  });

  it("sticky sessions, refreshed tokens, discovered projects and disabled accounts", async () => {
    const { simulator, dir, clock } = await setup();
    simulator.addRefreshToken("revoked-token", { invalid: true });
    const accounts = [
      { kind: "cloudcode", label: "dead@cc", refresh_token: "revoked-token" },
      { kind: "cloudcode", label: "a@cc", refresh_token: "sim-refresh-a" },
      { kind: "cloudcode", label: "b@cc", refresh_token: "sim-refresh-b" },
    ];
    const before = await startPoolStack({ simulator, dataDir: dir, clock, accounts });
    await ask(before, "warm up b");
    const bound = (await ask(before, "hello", { user: "carol" })).account;
    await ask(before, "and a");
    await before.close();
    const calls = (path: string) => simulator.requests.filter((request) => request.path === path).length;
    const [tokens, loads] = [calls("/token"), calls("/v1internal:loadCodeAssist")];

    const after = await startPoolStack({ simulator, dataDir: dir, clock, accounts });
    cleanups.push(() => after.close());
    expect(statusOf(after, "dead@cc").disabledReason).toMatch(/invalid_grant/);
    expect((await ask(after, "hello again", { user: "carol" })).account).toBe(bound);
    expect(calls("/token")).toBe(tokens);
    expect(calls("/v1internal:loadCodeAssist")).toBe(loads);
  });
});
