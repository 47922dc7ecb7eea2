import { describe, expect, it } from "vitest";
import { parseGoogleDuration } from "./duration.js";
import { parseGoogleError } from "./google-error.js";

describe("parseGoogleDuration", () => {
  it.each([
    ["17s", 17_000],
    ["1.203608125s", 1_204],
    ["3h2m1.5s", 10_921_500],
    ["510.79ms", 511],
    ["0s", 0],
  ])("%s → %i ms", (text, ms) => expect(parseGoogleDuration(text)).toBe(ms));

  it.each(["", "soon", "17", "1d"])("%j is not a duration", (text) =>
    expect(parseGoogleDuration(text)).toBeUndefined(),
  );
});

describe("parseGoogleError", () => {
  it("reads RetryInfo, QuotaFailure and ErrorInfo", () => {
    const info = parseGoogleError({
      error: {
        code: 429,
        message: "Resource has been exhausted (e.g. check quota).",
        status: "RESOURCE_EXHAUSTED",
        details: [
          {
            "@type": "type.googleapis.com/google.rpc.QuotaFailure",
            violations: [{ quotaMetric: "m", quotaId: "GenerateRequestsPerDayPerProjectPerModel-FreeTier" }],
          },
          {
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            reason: "QUOTA_EXHAUSTED",
            domain: "cloudcode-pa.googleapis.com",
            metadata: { quotaResetDelay: "3h2m1.5s", quotaResetTimeStamp: "2026-11-30T00:00:00Z" },
          },
          { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "10921.5s" },
        ],
      },
    });
    expect(info).toEqual({
      status: "RESOURCE_EXHAUSTED",
      message: "Resource has been exhausted (e.g. check quota).",
      quotaIds: ["GenerateRequestsPerDayPerProjectPerModel-FreeTier"],
      reason: "QUOTA_EXHAUSTED",
      quotaResetDelayMs: 10_921_500,
      quotaResetTimestamp: "2026-11-30T00:00:00Z",
      retryDelayMs: 10_921_500,
    });
  });

  it("anything that is not a Google error → undefined", () => {
    expect(parseGoogleError("oops")).toBeUndefined();
    expect(parseGoogleError({ error: "invalid_grant" })).toBeUndefined();
  });
});
