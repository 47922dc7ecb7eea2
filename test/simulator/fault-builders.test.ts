import { describe, expect, it } from "vitest";
import { faults } from "../../src/simulator/index.js";

const rpc = (name: string) => `type.googleapis.com/google.rpc.${name}`;

describe("fault builders: the real Google error shapes", () => {
  it("rateLimitPerMinute: 429 with QuotaFailure PerMinute, ErrorInfo RATE_LIMIT_EXCEEDED, RetryInfo", () => {
    const { error } = faults.rateLimitPerMinute("17s", { retryAfter: 17 });
    expect(error.status).toBe(429);
    expect(error.headers).toEqual({ "retry-after": "17" });
    expect(error.body).toMatchObject({
      error: {
        code: 429,
        status: "RESOURCE_EXHAUSTED",
        message: expect.stringContaining("Please retry in 17s."),
        details: [
          { "@type": rpc("QuotaFailure"), violations: [{ quotaId: expect.stringContaining("PerMinute") }] },
          { "@type": rpc("ErrorInfo"), reason: "RATE_LIMIT_EXCEEDED" },
          { "@type": rpc("Help") },
          { "@type": rpc("RetryInfo"), retryDelay: "17s" },
        ],
      },
    });
    expect(faults.rateLimitPerMinute().error.headers).toBeUndefined();
  });

  it("quotaExhausted: QuotaFailure PerDay, ErrorInfo QUOTA_EXHAUSTED with reset delay and timestamp", () => {
    const { error } = faults.quotaExhausted({
      resetDelay: "3h2m1.5s",
      resetTimestamp: "2030-01-01T00:00:00Z",
    });
    expect(error.status).toBe(429);
    expect(error.body).toEqual({
      error: {
        code: 429,
        status: "RESOURCE_EXHAUSTED",
        message: "You have exhausted your capacity on this model. Your quota will reset after 3h2m1.5s.",
        details: [
          {
            "@type": rpc("ErrorInfo"),
            reason: "QUOTA_EXHAUSTED",
            domain: "cloudcode-pa.googleapis.com",
            metadata: {
              model: "gemini-2.5-pro",
              quotaResetDelay: "3h2m1.5s",
              quotaResetTimeStamp: "2030-01-01T00:00:00Z",
            },
          },
          {
            "@type": rpc("QuotaFailure"),
            violations: [expect.objectContaining({ quotaId: expect.stringContaining("PerDay") })],
          },
          { "@type": rpc("RetryInfo"), retryDelay: "10921.5s" },
        ],
      },
    });
  });

  it("quotaExhausted with only a timestamp derives RetryInfo from it", () => {
    const at = new Date(Date.now() + 60_000).toISOString();
    const body = faults.quotaExhausted({ resetTimestamp: at }).error.body as {
      error: { details: unknown[] };
    };
    const retry = body.error.details.at(-1) as { retryDelay: string };
    expect(Number.parseFloat(retry.retryDelay)).toBeGreaterThan(55);
    expect(JSON.stringify(body)).not.toContain("quotaResetDelay");
  });

  it("quotaExhaustedInWords: the reset only in the message, no details", () => {
    expect(faults.quotaExhaustedInWords("2h13m").error).toEqual({
      status: 429,
      body: {
        error: {
          code: 429,
          message: "You have exhausted your capacity on this model. Your quota will reset after 2h13m.",
          status: "RESOURCE_EXHAUSTED",
          details: [],
        },
      },
    });
  });

  it("capacityExhausted: 429 MODEL_CAPACITY_EXHAUSTED", () => {
    const { error } = faults.capacityExhausted({ model: "gemini-3-pro-preview" });
    expect(error.body).toEqual({
      error: {
        code: 429,
        message: "No capacity available for model gemini-3-pro-preview on the server",
        status: "RESOURCE_EXHAUSTED",
        details: [
          {
            "@type": rpc("ErrorInfo"),
            reason: "MODEL_CAPACITY_EXHAUSTED",
            domain: "cloudcode-pa.googleapis.com",
            metadata: { model: "gemini-3-pro-preview" },
          },
        ],
      },
    });
  });

  it("overloaded: 503 UNAVAILABLE, with Retry-After when asked", () => {
    expect(faults.overloaded({ retryAfter: 5 }).error).toEqual({
      status: 503,
      headers: { "retry-after": "5" },
      body: {
        error: {
          code: 503,
          message: "The model is overloaded. Please try again later.",
          status: "UNAVAILABLE",
          details: [],
        },
      },
    });
  });

  it("serverError: 500 INTERNAL, 504 DEADLINE_EXCEEDED, 529 UNAVAILABLE as JSON, 502 as Google's HTML page", () => {
    expect(faults.serverError(500).error.body).toMatchObject({ error: { code: 500, status: "INTERNAL" } });
    expect(faults.serverError(504).error.body).toMatchObject({
      error: { code: 504, status: "DEADLINE_EXCEEDED" },
    });
    expect(faults.serverError(529).error.body).toMatchObject({ error: { code: 529, status: "UNAVAILABLE" } });
    const badGateway = faults.serverError(502).error;
    expect(badGateway.status).toBe(502);
    expect(badGateway.body).toEqual(expect.stringContaining("Error 502 (Server Error)"));
  });

  it("badRequest, unauthenticated, permissionDenied, notFound", () => {
    expect(faults.badRequest("Invalid value at 'contents'").error).toEqual({
      status: 400,
      body: {
        error: { code: 400, message: "Invalid value at 'contents'", status: "INVALID_ARGUMENT", details: [] },
      },
    });
    expect(faults.unauthenticated().error.body).toMatchObject({
      error: { code: 401, status: "UNAUTHENTICATED", details: [{ reason: "ACCESS_TOKEN_EXPIRED" }] },
    });
    expect(faults.permissionDenied().error.body).toMatchObject({
      error: { code: 403, status: "PERMISSION_DENIED" },
    });
    expect(faults.notFound("gemini-x").error.body).toMatchObject({
      error: {
        code: 404,
        status: "NOT_FOUND",
        message: expect.stringContaining("models/gemini-x is not found"),
      },
    });
  });
});
