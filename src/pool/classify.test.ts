import { describe, expect, it } from "vitest";
import { parseGoogleError } from "../upstream/google-error.js";
import { parseOpenAIError } from "../upstream/openai-error.js";
import { UpstreamError } from "../upstream/upstream-error.js";
import { classifyUpstreamError, type FailureDecision } from "./classify.js";

const NOW = Date.parse("2026-11-29T12:00:00Z");

/** An UpstreamError the way send-request builds it from a status, an error body and headers. */
function fromBody(status: number, body: unknown, retryAfterMs?: number): UpstreamError {
  const google = parseGoogleError(body);
  const openai = parseOpenAIError(body);
  return new UpstreamError(google?.message ?? `upstream answered HTTP ${status}`, {
    kind: "http",
    status,
    rawBody: JSON.stringify(body),
    ...(google === undefined ? {} : { google }),
    ...(openai === undefined ? {} : { openai }),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}

const rpc = (type: string, fields: Record<string, unknown>) => ({
  "@type": `type.googleapis.com/google.rpc.${type}`,
  ...fields,
});
const googleError = (code: number, status: string, message: string, details: unknown[] = []) => ({
  error: { code, message, status, details },
});

/** OpenAI's error body: no status, a string type and code, the parameter at fault. */
const openAIError = (type: string, code: string | null, param: string | null = null) => ({
  error: { message: `${type} (${code ?? "no code"})`, type, param, code },
});

/** Real-shaped Google error bodies (recorded shapes, upstreams.md §A, §B). */
const bodies = {
  perMinute: googleError(
    429,
    "RESOURCE_EXHAUSTED",
    "You exceeded your current quota, please check your plan and billing details.\n* Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_free_tier_requests, limit: 10, model: gemini-2.5-flash\nPlease retry in 17.203608125s.",
    [
      rpc("QuotaFailure", {
        violations: [
          {
            quotaMetric: "generativelanguage.googleapis.com/generate_content_free_tier_requests",
            quotaId: "GenerateRequestsPerMinutePerProjectPerModel-FreeTier",
            quotaDimensions: { location: "global", model: "gemini-2.5-flash" },
            quotaValue: "10",
          },
        ],
      }),
      rpc("Help", {
        links: [{ description: "Learn more", url: "https://ai.google.dev/gemini-api/docs/rate-limits" }],
      }),
      rpc("RetryInfo", { retryDelay: "17.203608125s" }),
    ],
  ),
  perMinuteNoDelay: googleError(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota)."),
  quotaByDelay: googleError(
    429,
    "RESOURCE_EXHAUSTED",
    "You have exhausted your capacity on this model. Your quota will reset after 3h2m1.5s.",
    [
      rpc("ErrorInfo", {
        reason: "QUOTA_EXHAUSTED",
        domain: "cloudcode-pa.googleapis.com",
        metadata: {
          model: "gemini-2.5-pro",
          quotaResetDelay: "3h2m1.5s",
          quotaResetTimeStamp: "2026-11-29T15:02:01Z",
        },
      }),
      rpc("RetryInfo", { retryDelay: "10921.5s" }),
    ],
  ),
  quotaByStamp: googleError(
    429,
    "RESOURCE_EXHAUSTED",
    "Quota exceeded for quota metric 'Generate requests' per day.",
    [
      rpc("QuotaFailure", { violations: [{ quotaId: "GenerateRequestsPerDayPerProjectPerModel-FreeTier" }] }),
      rpc("ErrorInfo", {
        reason: "RATE_LIMIT_EXCEEDED",
        domain: "generativelanguage.googleapis.com",
        metadata: { quotaResetTimeStamp: "2026-11-30T12:00:00Z" },
      }),
    ],
  ),
  quotaInWords: googleError(
    429,
    "RESOURCE_EXHAUSTED",
    "You have exhausted your capacity on this model. Your quota will reset after 2h13m.",
  ),
  quotaByRetryInfo: googleError(
    429,
    "RESOURCE_EXHAUSTED",
    "You exceeded your current quota, please check your plan and billing details.\n* Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_free_tier_requests, limit: 250, model: gemini-2.5-pro\nPlease retry in 9h32m10s.",
    [
      rpc("QuotaFailure", {
        violations: [
          {
            quotaMetric: "generativelanguage.googleapis.com/generate_content_free_tier_requests",
            quotaId: "GenerateRequestsPerDayPerProjectPerModel-FreeTier",
            quotaDimensions: { location: "global", model: "gemini-2.5-pro" },
            quotaValue: "250",
          },
        ],
      }),
      rpc("RetryInfo", { retryDelay: "34330s" }),
    ],
  ),
  quotaNoReset: googleError(429, "RESOURCE_EXHAUSTED", "Quota exceeded.", [
    rpc("QuotaFailure", { violations: [{ quotaId: "GenerateRequestsPerDayPerProjectPerModel" }] }),
  ]),
  capacity429: googleError(
    429,
    "RESOURCE_EXHAUSTED",
    "No capacity available for model gemini-2.5-pro on the server",
    [
      rpc("ErrorInfo", {
        reason: "MODEL_CAPACITY_EXHAUSTED",
        domain: "cloudcode-pa.googleapis.com",
        metadata: { model: "gemini-2.5-pro" },
      }),
    ],
  ),
  overloaded: googleError(503, "UNAVAILABLE", "The model is overloaded. Please try again later."),
  internal: googleError(
    500,
    "INTERNAL",
    "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting",
  ),
  deadline: googleError(504, "DEADLINE_EXCEEDED", "Deadline expired before operation could complete."),
  overloaded529: googleError(529, "UNAVAILABLE", "The service is overloaded. Please try again later."),
  unauthenticated: googleError(
    401,
    "UNAUTHENTICATED",
    "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.",
    [
      rpc("ErrorInfo", {
        reason: "ACCESS_TOKEN_EXPIRED",
        domain: "googleapis.com",
        metadata: { service: "cloudcode-pa.googleapis.com" },
      }),
    ],
  ),
  permissionDenied: googleError(403, "PERMISSION_DENIED", "The caller does not have permission"),
  notFound: googleError(
    404,
    "NOT_FOUND",
    "models/gemini-9 is not found for API version v1beta, or is not supported for generateContent.",
  ),
  invalidArgument: googleError(
    400,
    "INVALID_ARGUMENT",
    "Invalid value at 'contents[0].parts[0]' (text), Starting an object on a scalar field",
  ),
  apiKeyInvalid: googleError(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.", [
    rpc("ErrorInfo", { reason: "API_KEY_INVALID", domain: "googleapis.com" }),
  ]),
};

const cases: [string, number, unknown, FailureDecision, number?][] = [
  [
    "per-minute 429 → rotate, cool (account, model) for RetryInfo's delay",
    429,
    bodies.perMinute,
    {
      failure: "rate-limit",
      action: "rotate",
      retrySame: false,
      cooldown: { scope: "model", exactMs: 17_204 },
    },
  ],
  [
    "per-minute 429 without a delay but with Retry-After",
    429,
    bodies.perMinuteNoDelay,
    {
      failure: "rate-limit",
      action: "rotate",
      retrySame: false,
      cooldown: { scope: "model", exactMs: 4_000 },
    },
    4_000,
  ],
  [
    "per-minute 429 with no delay at all → exponential fallback",
    429,
    bodies.perMinuteNoDelay,
    { failure: "rate-limit", action: "rotate", retrySame: false, cooldown: { scope: "model" } },
  ],
  [
    "QUOTA_EXHAUSTED with quotaResetDelay → until the reset, uncapped",
    429,
    bodies.quotaByDelay,
    {
      failure: "quota-exhausted",
      action: "rotate",
      retrySame: false,
      cooldown: { scope: "model", exactMs: 10_921_500 },
    },
  ],
  [
    "…PerDay… quota with quotaResetTimeStamp → until that time",
    429,
    bodies.quotaByStamp,
    {
      failure: "quota-exhausted",
      action: "rotate",
      retrySame: false,
      cooldown: { scope: "model", exactMs: 24 * 3_600_000 },
    },
  ],
  [
    "quota reset given only in words",
    429,
    bodies.quotaInWords,
    {
      failure: "quota-exhausted",
      action: "rotate",
      retrySame: false,
      cooldown: { scope: "model", exactMs: 2 * 3_600_000 + 13 * 60_000 },
    },
  ],
  [
    "…PerDay… quota whose only delay is RetryInfo → until then, uncapped",
    429,
    bodies.quotaByRetryInfo,
    {
      failure: "quota-exhausted",
      action: "rotate",
      retrySame: false,
      cooldown: { scope: "model", exactMs: 34_330_000 },
    },
  ],
  [
    "…PerDay… quota whose only delay is Retry-After → until then",
    429,
    bodies.quotaNoReset,
    {
      failure: "quota-exhausted",
      action: "rotate",
      retrySame: false,
      cooldown: { scope: "model", exactMs: 7_200_000 },
    },
    7_200_000,
  ],
  [
    "daily quota without a reset time → exponential fallback",
    429,
    bodies.quotaNoReset,
    { failure: "quota-exhausted", action: "rotate", retrySame: false, cooldown: { scope: "model" } },
  ],
  [
    "OpenAI insufficient_quota (the credit is gone, no reset given) → the whole account rests an hour",
    429,
    openAIError("insufficient_quota", "insufficient_quota"),
    {
      failure: "quota-exhausted",
      action: "rotate",
      retrySame: false,
      cooldown: { scope: "account", exactMs: 3_600_000 },
    },
  ],
  [
    "insufficient_quota as the type alone, with a Retry-After → until then",
    429,
    openAIError("insufficient_quota", null),
    {
      failure: "quota-exhausted",
      action: "rotate",
      retrySame: false,
      cooldown: { scope: "account", exactMs: 90_000 },
    },
    90_000,
  ],
  [
    "OpenAI rate_limit_exceeded → rate limit",
    429,
    openAIError("requests", "rate_limit_exceeded"),
    { failure: "rate-limit", action: "rotate", retrySame: false, cooldown: { scope: "model" } },
  ],
  [
    "MODEL_CAPACITY_EXHAUSTED → capacity: short (account, model) rest, may retry the same account",
    429,
    bodies.capacity429,
    { failure: "capacity", action: "rotate", retrySame: true, cooldown: { scope: "model" } },
  ],
  [
    "503 overloaded → capacity",
    503,
    bodies.overloaded,
    { failure: "capacity", action: "rotate", retrySame: true, cooldown: { scope: "account" } },
  ],
  [
    "529 → capacity",
    529,
    bodies.overloaded529,
    { failure: "capacity", action: "rotate", retrySame: true, cooldown: { scope: "account" } },
  ],
  [
    "500 → transient",
    500,
    bodies.internal,
    { failure: "transient", action: "rotate", retrySame: true, cooldown: { scope: "account" } },
  ],
  [
    "502 HTML page → transient",
    502,
    "<!DOCTYPE html><title>Error 502 (Server Error)!!1</title>",
    { failure: "transient", action: "rotate", retrySame: true, cooldown: { scope: "account" } },
  ],
  [
    "504 → transient",
    504,
    bodies.deadline,
    { failure: "transient", action: "rotate", retrySame: true, cooldown: { scope: "account" } },
  ],
  [
    "401 → refresh the token and retry",
    401,
    bodies.unauthenticated,
    { failure: "unauthorized", action: "refresh", retrySame: false },
  ],
  [
    "403 → long (account, model) rest, rotate",
    403,
    bodies.permissionDenied,
    { failure: "forbidden", action: "rotate", retrySame: false, cooldown: { scope: "model" } },
  ],
  ["404 → fail at once", 404, bodies.notFound, { failure: "not-found", action: "fail", retrySame: false }],
  [
    "400 → fail at once",
    400,
    bodies.invalidArgument,
    { failure: "client-error", action: "fail", retrySame: false },
  ],
  [
    "400 API_KEY_INVALID → fail at once",
    400,
    bodies.apiKeyInvalid,
    { failure: "client-error", action: "fail", retrySame: false },
  ],
];

describe("classifyUpstreamError", () => {
  it.each(cases)("%s", (_name, status, body, expected, retryAfterMs) => {
    expect(classifyUpstreamError(fromBody(status, body, retryAfterMs), NOW)).toEqual(expected);
  });

  it.each(["network", "timeout", "malformed"] as const)("%s failures are transient", (kind) => {
    expect(classifyUpstreamError(new UpstreamError("x", { kind }), NOW)).toEqual({
      failure: "transient",
      action: "rotate",
      retrySame: true,
      cooldown: { scope: "account" },
    });
  });

  it("an error chunk inside a stream is classified by its code", () => {
    const google = parseGoogleError(bodies.perMinute);
    const error = new UpstreamError("x", { kind: "stream", status: 429, ...(google ? { google } : {}) });
    expect(classifyUpstreamError(error, NOW).failure).toBe("rate-limit");
  });

  it("408 from a front end is transient", () => {
    expect(classifyUpstreamError(fromBody(408, "Request Timeout"), NOW).failure).toBe("transient");
  });

  it("invalid_grant from the token endpoint disables the account", () => {
    const error = new UpstreamError("Token has been expired or revoked.", {
      kind: "http",
      status: 400,
      oauth: { error: "invalid_grant", description: "Token has been expired or revoked." },
    });
    expect(classifyUpstreamError(error, NOW)).toEqual({
      failure: "revoked",
      action: "disable",
      retrySame: false,
    });
  });

  it("a reset timestamp in the past means no rest at all", () => {
    const body = googleError(429, "RESOURCE_EXHAUSTED", "Quota exceeded.", [
      rpc("ErrorInfo", {
        reason: "QUOTA_EXHAUSTED",
        metadata: { quotaResetTimeStamp: "2026-11-29T11:00:00Z" },
      }),
    ]);
    expect(classifyUpstreamError(fromBody(429, body), NOW).cooldown).toEqual({ scope: "model", exactMs: 0 });
  });
});
