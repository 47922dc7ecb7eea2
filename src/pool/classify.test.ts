import { describe, expect, it } from "vitest";
import { UpstreamError } from "../upstream/upstream-error.js";
import { classifyUpstreamError } from "./classify.js";

const NOW = Date.parse("2026-11-29T12:00:00Z");
const http = (
  status: number,
  google: Partial<NonNullable<UpstreamError["google"]>> = {},
  retryAfterMs?: number,
) =>
  new UpstreamError("x", {
    kind: "http",
    status,
    google: { quotaIds: [], ...google },
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });

describe("classifyUpstreamError", () => {
  it("per-minute 429 cools (account, model) for RetryInfo's delay and rotates", () => {
    expect(
      classifyUpstreamError(
        http(429, { retryDelayMs: 17_000, quotaIds: ["GenerateRequestsPerMinute"] }),
        NOW,
      ),
    ).toEqual({
      failure: "rate-limit",
      action: "rotate",
      cooldown: { scope: "model", ms: 17_000 },
    });
  });

  it("per-minute 429 without a delay: Retry-After, else 1 s", () => {
    expect(classifyUpstreamError(http(429, {}, 4_000), NOW).cooldown).toEqual({ scope: "model", ms: 4_000 });
    expect(classifyUpstreamError(http(429), NOW).cooldown).toEqual({ scope: "model", ms: 1_000 });
  });

  it("quota exhausted cools until the reset the upstream gave, uncapped", () => {
    const byDelay = http(429, { reason: "QUOTA_EXHAUSTED", quotaResetDelayMs: 10_921_500 });
    expect(classifyUpstreamError(byDelay, NOW)).toMatchObject({
      failure: "quota-exhausted",
      cooldown: { ms: 10_921_500 },
    });
    const byStamp = http(429, {
      quotaIds: ["GenerateRequestsPerDay"],
      quotaResetTimestamp: "2026-11-30T12:00:00Z",
    });
    expect(classifyUpstreamError(byStamp, NOW).cooldown).toEqual({ scope: "model", ms: 24 * 3_600_000 });
  });

  it("quota reset given only in words", () => {
    const error = http(429, {
      message: "You have exhausted your capacity. Your quota will reset after 2h13m.",
    });
    expect(classifyUpstreamError(error, NOW)).toMatchObject({
      failure: "quota-exhausted",
      cooldown: { scope: "model", ms: 2 * 3_600_000 + 13 * 60_000 },
    });
  });

  it.each([500, 502, 503, 504, 529])("%i is transient: short account cool-down, rotate", (status) => {
    expect(classifyUpstreamError(http(status), NOW)).toEqual({
      failure: "transient",
      action: "rotate",
      cooldown: { scope: "account", ms: 5_000 },
    });
  });

  it.each(["network", "timeout", "malformed", "stream"] as const)("%s failures are transient", (kind) => {
    expect(classifyUpstreamError(new UpstreamError("x", { kind }), NOW).failure).toBe("transient");
  });

  it("403 rests (account, model) for minutes; 401 rotates; 400 and 404 fail at once", () => {
    expect(classifyUpstreamError(http(403), NOW)).toMatchObject({
      action: "rotate",
      cooldown: { scope: "model", ms: 600_000 },
    });
    expect(classifyUpstreamError(http(401), NOW)).toEqual({ failure: "unauthorized", action: "rotate" });
    expect(classifyUpstreamError(http(400), NOW).action).toBe("fail");
    expect(classifyUpstreamError(http(404), NOW).action).toBe("fail");
  });
});
