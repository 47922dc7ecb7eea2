import { describe, expect, it } from "vitest";
import { testAccount } from "../../test/helpers/pool-fixtures.js";
import type { Account } from "./account.js";
import { type ChoiceContext, chooseAccount } from "./choose-account.js";

const account = (id: string, maxConcurrent?: number): Account =>
  testAccount(id, maxConcurrent === undefined ? {} : { maxConcurrent });
const [a, b, c] = [account("a"), account("b"), account("c")] as const;
const all = [a, b, c];

/** A context where every lookup answers from a small table; the clock is in the numbers themselves. */
function context(
  overrides: Partial<ChoiceContext> & {
    cooling?: Record<string, number>;
    load?: Record<string, number>;
    quota?: Record<string, number>;
    used?: Record<string, number>;
    models?: Record<string, string[]>;
  } = {},
): ChoiceContext {
  const { cooling = {}, load = {}, quota = {}, used = {}, models, ...rest } = overrides;
  return {
    model: "m",
    strategy: "least_loaded",
    tried: new Set(),
    coolingMs: (id) => cooling[id] ?? 0,
    inFlight: (id) => load[id] ?? 0,
    capacity: (candidate) => candidate.maxConcurrent ?? Number.POSITIVE_INFINITY,
    serves: (id, model) => (models?.[id] === undefined ? undefined : models[id]?.includes(model)),
    remainingFraction: (id) => quota[id],
    lastUsedAt: (id) => used[id] ?? Number.NEGATIVE_INFINITY,
    ...rest,
  };
}

const chosen = (accounts: readonly Account[], ctx: ChoiceContext) => chooseAccount(accounts, ctx).account?.id;

describe("chooseAccount", () => {
  it("most headroom: fewest in flight first", () => {
    expect(chosen(all, context({ load: { a: 2, b: 1, c: 3 } }))).toBe("b");
  });

  it("then the most remaining quota", () => {
    expect(chosen(all, context({ quota: { a: 0.2, b: 0.9, c: 0.5 } }))).toBe("b");
  });

  it("an account without quota information counts as full", () => {
    expect(chosen(all, context({ quota: { a: 0.2, b: 0.9 } }))).toBe("c");
  });

  it("then the least recently used; ties keep the declared order", () => {
    expect(chosen(all, context({ used: { a: 300, b: 100, c: 200 } }))).toBe("b");
    expect(chosen(all, context({ used: { b: 100 } }))).toBe("a");
  });

  it("skips accounts already tried in this request", () => {
    expect(chosen(all, context({ tried: new Set(["a", "b"]) }))).toBe("c");
    expect(chooseAccount(all, context({ tried: new Set(["a", "b", "c"]) }))).toEqual({
      account: undefined,
      blockedBy: "tried",
      waitMs: 0,
    });
  });

  it("skips cooling accounts; all cooling → the wait until the first frees up", () => {
    expect(chosen(all, context({ cooling: { a: 5_000, b: 1 } }))).toBe("c");
    expect(chooseAccount(all, context({ cooling: { a: 5_000, b: 40_000, c: 12_000 } }))).toEqual({
      account: undefined,
      blockedBy: "cooling",
      waitMs: 5_000,
    });
  });

  it("skips accounts at their concurrency cap; all at the cap → busy", () => {
    const capped = [account("a", 1), account("b", 2)];
    expect(chosen(capped, context({ load: { a: 1, b: 1 } }))).toBe("b");
    expect(chooseAccount(capped, context({ load: { a: 1, b: 2 } })).blockedBy).toBe("busy");
  });

  it("an account whose model list is known and lacks the model is not eligible", () => {
    const models = { a: ["other"], b: ["m"] };
    expect(chosen(all, context({ models, used: { b: 500, c: 600 } }))).toBe("b");
    expect(chosen([a, c], context({ models: { a: ["other"], c: ["m"] } }))).toBe("c");
  });

  it("while no account lists the model, every account may try it (the upstream decides)", () => {
    expect(chosen(all, context({ models: { a: ["x"], b: ["y"] } }))).toBe("a");
  });

  it("sticky: the bound account while it is rested and free", () => {
    expect(chosen(all, context({ strategy: "sticky", stickyAccountId: "c", load: { c: 5 } }))).toBe("c");
  });

  it("sticky: another account when the bound one cools", () => {
    expect(chosen(all, context({ strategy: "sticky", stickyAccountId: "c", cooling: { c: 1_000 } }))).toBe(
      "a",
    );
  });

  it("least_loaded and round_robin ignore the binding", () => {
    expect(chosen(all, context({ strategy: "least_loaded", stickyAccountId: "c", load: { c: 1 } }))).toBe(
      "a",
    );
  });

  it("round robin: the next free account after the one given out last", () => {
    expect(chosen(all, context({ strategy: "round_robin" }))).toBe("a");
    expect(chosen(all, context({ strategy: "round_robin", lastRoundRobinId: "a" }))).toBe("b");
    expect(chosen(all, context({ strategy: "round_robin", lastRoundRobinId: "c" }))).toBe("a");
    expect(chosen(all, context({ strategy: "round_robin", lastRoundRobinId: "a", cooling: { b: 1 } }))).toBe(
      "c",
    );
  });
});
