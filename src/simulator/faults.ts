import { durationToSeconds, secondsToRetryDelay, secondsUntil } from "./duration.js";
import { errorInfo, help, type QuotaViolation, quotaFailure, retryInfo } from "./error-details.js";
import { googleError, modelNotFound, unauthenticatedError } from "./google-error.js";
import type { SimErrorResponse } from "./script-types.js";
import type { GoogleErrorBody } from "./types.js";

/**
 * Scripted responses in the shapes Google really sends (upstreams.md §A, §B). Each returns a SimResponse for
 * `simulator.script({ respond: ... })`.
 */
export interface ErrorScript {
  error: SimErrorResponse;
}

export interface RetryAfterOption {
  /** Sent as a `Retry-After` header (seconds or an HTTP date). */
  retryAfter?: number | string;
}

export interface ModelOption {
  model?: string;
}

const cloudCodeDomain = "cloudcode-pa.googleapis.com";
const freeTierMetric = "generativelanguage.googleapis.com/generate_content_free_tier_requests";

function script(status: number, body: unknown, options: RetryAfterOption = {}): ErrorScript {
  const headers =
    options.retryAfter === undefined ? undefined : { "retry-after": String(options.retryAfter) };
  return { error: { status, body, ...(headers ? { headers } : {}) } };
}

function violation(window: "Minute" | "Day", model: string, limit: string): QuotaViolation {
  return {
    quotaMetric: freeTierMetric,
    quotaId: `GenerateRequestsPer${window}PerProjectPerModel-FreeTier`,
    quotaDimensions: { location: "global", model },
    quotaValue: limit,
  };
}

/** 429 for a per-minute limit: RetryInfo, QuotaFailure `...PerMinute...`, ErrorInfo RATE_LIMIT_EXCEEDED. */
export function rateLimitPerMinute(
  retryDelay = "17s",
  options: RetryAfterOption & ModelOption = {},
): ErrorScript {
  const model = options.model ?? "gemini-2.5-flash";
  const message =
    "You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.\n" +
    `* Quota exceeded for metric: ${freeTierMetric}, limit: 10, model: ${model}\n` +
    `Please retry in ${secondsToRetryDelay(durationToSeconds(retryDelay))}.`;
  const body = googleError(429, message, [
    quotaFailure([violation("Minute", model, "10")]),
    errorInfo("RATE_LIMIT_EXCEEDED", cloudCodeDomain, { model, quotaResetDelay: retryDelay }),
    help("Learn more about Gemini API quotas", "https://ai.google.dev/gemini-api/docs/rate-limits"),
    retryInfo(retryDelay),
  ]);
  return script(429, body, options);
}

export interface QuotaExhaustedOptions extends RetryAfterOption, ModelOption {
  /** Go-style duration, e.g. "3h2m1.5s" (default when no timestamp is given). */
  resetDelay?: string;
  /** RFC 3339. */
  resetTimestamp?: string;
}

/** 429 for a daily quota: QuotaFailure `...PerDay...`, ErrorInfo QUOTA_EXHAUSTED with reset metadata, RetryInfo. */
export function quotaExhausted(options: QuotaExhaustedOptions = {}): ErrorScript {
  const model = options.model ?? "gemini-2.5-pro";
  const resetDelay = options.resetDelay ?? (options.resetTimestamp === undefined ? "3h2m1.5s" : undefined);
  const seconds =
    resetDelay === undefined ? secondsUntil(options.resetTimestamp ?? "") : durationToSeconds(resetDelay);
  const metadata: Record<string, string> = { model };
  if (resetDelay !== undefined) metadata.quotaResetDelay = resetDelay;
  if (options.resetTimestamp !== undefined) metadata.quotaResetTimeStamp = options.resetTimestamp;
  const body = googleError(
    429,
    `You have exhausted your capacity on this model. Your quota will reset after ${resetDelay ?? humanDuration(seconds)}.`,
    [
      errorInfo("QUOTA_EXHAUSTED", cloudCodeDomain, metadata),
      quotaFailure([violation("Day", model, "250")]),
      retryInfo(secondsToRetryDelay(seconds)),
    ],
  );
  return script(429, body, options);
}

/** 429 whose only hint is in the message: "...Your quota will reset after 2h13m." and no details. */
export function quotaExhaustedInWords(resetAfter = "2h13m", options: RetryAfterOption = {}): ErrorScript {
  const message = `You have exhausted your capacity on this model. Your quota will reset after ${resetAfter}.`;
  return script(429, googleError(429, message), options);
}

/** 429 MODEL_CAPACITY_EXHAUSTED: the model is busy for everyone, not a quota of this account. */
export function capacityExhausted(options: RetryAfterOption & ModelOption = {}): ErrorScript {
  const model = options.model ?? "gemini-2.5-pro";
  const body = googleError(429, `No capacity available for model ${model} on the server`, [
    errorInfo("MODEL_CAPACITY_EXHAUSTED", cloudCodeDomain, { model }),
  ]);
  return script(429, body, options);
}

export function overloaded(options: RetryAfterOption = {}): ErrorScript {
  return script(503, googleError(503, "The model is overloaded. Please try again later."), options);
}

/** 500 INTERNAL, 504 DEADLINE_EXCEEDED, 529 overloaded as JSON; 502 is the HTML page Google's front end sends. */
export function serverError(
  status: 500 | 502 | 504 | 529 = 500,
  options: RetryAfterOption = {},
): ErrorScript {
  return script(status, serverErrorBody(status), options);
}

function serverErrorBody(status: 500 | 502 | 504 | 529): GoogleErrorBody | string {
  switch (status) {
    case 500:
      return googleError(
        500,
        "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting",
      );
    case 502:
      return badGatewayPage;
    case 504:
      return googleError(504, "Deadline expired before operation could complete.");
    case 529:
      return googleError(529, "The service is overloaded. Please try again later.", [], "UNAVAILABLE");
  }
}

export function badRequest(message: string): ErrorScript {
  return script(400, googleError(400, message));
}

export function unauthenticated(): ErrorScript {
  return script(401, unauthenticatedError());
}

export function permissionDenied(message = "The caller does not have permission"): ErrorScript {
  return script(403, googleError(403, message));
}

export function notFound(model: string): ErrorScript {
  return script(404, modelNotFound(model));
}

function humanDuration(seconds: number): string {
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 3600)}h${Math.floor((whole % 3600) / 60)}m${whole % 60}s`;
}

const badGatewayPage = `<!DOCTYPE html>
<html lang=en>
  <meta charset=utf-8>
  <title>Error 502 (Server Error)!!1</title>
  <p><b>502.</b> <ins>That’s an error.</ins>
  <p>The server encountered a temporary error and could not complete your request.<p>Please try again in 30 seconds.  <ins>That’s all we know.</ins>
`;
