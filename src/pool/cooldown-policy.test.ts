import { describe, expect, it } from "vitest";
import type { FailureDecision } from "./classify.js";
import { backoffMs, cooldownFor } from "./cooldown-policy.js";

const noJitter = () => 0;
const fullJitter = () => 0.999_999;
const decision = (
  failure: FailureDecision["failure"],
  cooldown: FailureDecision["cooldown"],
): FailureDecision => ({
  failure,
  action: "rotate",
  retrySame: false,
  ...(cooldown === undefined ? {} : { cooldown }),
});

describe("cooldownFor", () => {
  it("uses the upstream's delay exactly: no jitter, no cap, whatever the strikes", () => {
    const quota = decision("quota-exhausted", { scope: "model", exactMs: 30 * 3_600_000 });
    expect(cooldownFor(quota, 5, fullJitter)).toEqual({
      scope: "model",
      ms: 30 * 3_600_000,
      reason: "quota-exhausted",
    });
  });

  it("rate limit without a delay: exponential from 1 s", () => {
    const rateLimit = decision("rate-limit", { scope: "model" });
    expect([0, 1, 2, 3].map((strikes) => cooldownFor(rateLimit, strikes, noJitter)?.ms)).toEqual([
      1_000, 2_000, 4_000, 8_000,
    ]);
  });

  it("adds up to 20 % jitter and stops at the ceiling", () => {
    const rateLimit = decision("rate-limit", { scope: "model" });
    expect(cooldownFor(rateLimit, 0, fullJitter)?.ms).toBe(1_200);
    expect(cooldownFor(rateLimit, 20, fullJitter)?.ms).toBe(60_000);
  });

  it("transient failures rest the whole account for seconds", () => {
    expect(cooldownFor(decision("transient", { scope: "account" }), 0, noJitter)).toEqual({
      scope: "account",
      ms: 2_000,
      reason: "transient",
    });
  });

  it("403 rests the (account, model) for minutes", () => {
    expect(cooldownFor(decision("forbidden", { scope: "model" }), 0, noJitter)?.ms).toBe(600_000);
  });

  it("nothing to rest when the decision has no cool-down", () => {
    expect(cooldownFor(decision("client-error", undefined), 0, noJitter)).toBeUndefined();
  });
});

describe("backoffMs", () => {
  it("doubles from the base with equal jitter (half to all of it)", () => {
    expect([0, 1, 2].map((retry) => backoffMs(retry, 500, noJitter))).toEqual([250, 500, 1_000]);
    expect([0, 1, 2].map((retry) => backoffMs(retry, 500, fullJitter))).toEqual([500, 1_000, 2_000]);
  });

  it("never waits more than 8 s at once", () => {
    expect(backoffMs(30, 500, fullJitter)).toBe(8_000);
  });
});
