import { describe, expect, it } from "vitest";
import type { FailureDecision } from "./classify.js";
import { nextStep, type StepContext } from "./next-step.js";

const context = (overrides: Partial<StepContext> = {}): StepContext => ({
  canRefresh: false,
  refreshed: false,
  alternatives: true,
  retries: 0,
  waitedMs: 0,
  budgetMs: 10_000,
  backoffBaseMs: 500,
  strikes: 0,
  random: () => 0,
  ...overrides,
});

const transient: FailureDecision = {
  failure: "transient",
  action: "rotate",
  retrySame: true,
  cooldown: { scope: "account" },
};
const rateLimit: FailureDecision = {
  failure: "rate-limit",
  action: "rotate",
  retrySame: false,
  cooldown: { scope: "model", exactMs: 17_000 },
};

describe("nextStep", () => {
  it("a transient failure with another account: rotate and rest this one", () => {
    expect(nextStep(transient, context())).toEqual({
      kind: "rotate",
      cooldown: { scope: "account", ms: 2_000, reason: "transient" },
    });
  });

  it("a transient failure with no other account: back off and retry the same one", () => {
    expect(nextStep(transient, context({ alternatives: false }))).toEqual({
      kind: "retry-same",
      delayMs: 250,
    });
    expect(nextStep(transient, context({ alternatives: false, retries: 2 }))).toEqual({
      kind: "retry-same",
      delayMs: 1_000,
    });
  });

  it("honours the upstream's Retry-After when it is longer than the back-off", () => {
    expect(nextStep(transient, context({ alternatives: false, retryAfterMs: 3_000 }))).toEqual({
      kind: "retry-same",
      delayMs: 3_000,
    });
  });

  it("stops retrying the same account once the wait budget would be exceeded", () => {
    expect(nextStep(transient, context({ alternatives: false, waitedMs: 9_900 })).kind).toBe("rotate");
    expect(nextStep(transient, context({ alternatives: false, budgetMs: 0 })).kind).toBe("rotate");
  });

  it("a rate limit never waits on the same account", () => {
    expect(nextStep(rateLimit, context({ alternatives: false }))).toEqual({
      kind: "rotate",
      cooldown: { scope: "model", ms: 17_000, reason: "rate-limit" },
    });
  });

  it("401: refresh once when the client can, then rest the account", () => {
    const unauthorized: FailureDecision = { failure: "unauthorized", action: "refresh", retrySame: false };
    expect(nextStep(unauthorized, context({ canRefresh: true }))).toEqual({ kind: "refresh" });
    expect(nextStep(unauthorized, context({ canRefresh: true, refreshed: true }))).toEqual({
      kind: "rotate",
      cooldown: { scope: "account", ms: 600_000, reason: "unauthorized" },
    });
    expect(nextStep(unauthorized, context()).kind).toBe("rotate");
  });

  it("a revoked refresh token turns the account off", () => {
    expect(nextStep({ failure: "revoked", action: "disable", retrySame: false }, context())).toEqual({
      kind: "rotate",
      disable: true,
    });
  });

  it("a client error fails at once, without a cool-down", () => {
    expect(nextStep({ failure: "client-error", action: "fail", retrySame: false }, context())).toEqual({
      kind: "fail",
    });
  });
});
