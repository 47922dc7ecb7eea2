import type { UpstreamError } from "../upstream/upstream-error.js";

export type FailureClass =
  | "rate-limit"
  | "quota-exhausted"
  | "capacity"
  | "transient"
  | "unauthorized"
  | "revoked"
  | "forbidden"
  | "not-found"
  | "client-error";

export interface FailureDecision {
  failure: FailureClass;
  /**
   * rotate: cool down and try another account; refresh: renew the OAuth token and retry the same account;
   * disable: turn the account off (its credentials are dead) and try another; fail: answer the client now.
   */
  action: "rotate" | "refresh" | "disable" | "fail";
  /** Whether a pause and another try on the same account can help (when there is no other account). */
  retrySame: boolean;
  /**
   * Who rests: the (account, model) pair or the whole account. `exactMs` when the upstream said how long
   * (used as is, never capped); otherwise cooldownFor picks an exponential delay with jitter.
   */
  cooldown?: { scope: "model" | "account"; exactMs?: number };
}

const RESET_IN_WORDS = /reset after ((?:\d+(?:\.\d+)?(?:h|ms|m|s))+)/i;
const WORD_UNIT_MS: Readonly<Record<string, number>> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };
const CAPACITY_WORDS = /overloaded|no capacity|capacity exhausted|try again later/i;
/**
 * How long an account whose OpenAI credit is gone (`insufficient_quota`) rests when the server gives no time:
 * OpenAI gives none, and credit comes back only when someone pays.
 */
const CREDIT_GONE_MS = 3_600_000;

/**
 * What to do about one upstream failure that happened before anything reached the client (contract §6).
 * Pure: `now` is injected for reset timestamps.
 */
export function classifyUpstreamError(error: UpstreamError, now: number): FailureDecision {
  if (error.oauth?.error === "invalid_grant")
    return { failure: "revoked", action: "disable", retrySame: false };
  const status = error.status;
  if (status === undefined) return transient();
  if (status === 429) return classifyTooManyRequests(error, now);
  if (status >= 500 || status === 408) {
    return status === 503 || status === 529 ? capacity() : transient();
  }
  if (status === 401) return { failure: "unauthorized", action: "refresh", retrySame: false };
  if (status === 403) {
    return { failure: "forbidden", action: "rotate", retrySame: false, cooldown: { scope: "model" } };
  }
  if (status === 404) return { failure: "not-found", action: "fail", retrySame: false };
  return { failure: "client-error", action: "fail", retrySame: false };
}

function classifyTooManyRequests(error: UpstreamError, now: number): FailureDecision {
  const google = error.google;
  if (google?.reason === "MODEL_CAPACITY_EXHAUSTED") return capacity("model");
  const resetMs = quotaResetMs(error, now);
  const delay = google?.retryDelayMs ?? error.retryAfterMs;
  if (isCreditGone(error)) {
    // The account's credit, for all its models, not one model's quota.
    return {
      failure: "quota-exhausted",
      action: "rotate",
      retrySame: false,
      cooldown: { scope: "account", exactMs: delay ?? CREDIT_GONE_MS },
    };
  }
  if (isQuotaExhausted(error)) {
    // The Gemini API gives a daily quota's reset only as RetryInfo (or Retry-After): that is its reset time.
    const untilMs = resetMs ?? delay;
    return {
      failure: "quota-exhausted",
      action: "rotate",
      retrySame: false,
      cooldown: untilMs === undefined ? { scope: "model" } : { scope: "model", exactMs: untilMs },
    };
  }
  if (google?.reason === undefined && google?.quotaIds.length === 0 && isCapacityMessage(google.message)) {
    return capacity("model");
  }
  const limitMs = delay ?? resetMs;
  return {
    failure: "rate-limit",
    action: "rotate",
    retrySame: false,
    cooldown: limitMs === undefined ? { scope: "model" } : { scope: "model", exactMs: limitMs },
  };
}

const transient = (): FailureDecision => ({
  failure: "transient",
  action: "rotate",
  retrySame: true,
  cooldown: { scope: "account" },
});

/** The model is busy for everyone (503, 529, MODEL_CAPACITY_EXHAUSTED): another try soon may work. */
const capacity = (scope: "model" | "account" = "account"): FailureDecision => ({
  failure: "capacity",
  action: "rotate",
  retrySame: true,
  cooldown: { scope },
});

function isCapacityMessage(message: string | undefined): boolean {
  return message !== undefined && CAPACITY_WORDS.test(message) && !RESET_IN_WORDS.test(message);
}

/** OpenAI's 429 for an account whose credit is used up (its `code`, and its `type`). */
export function isCreditGone(error: UpstreamError): boolean {
  return error.openai?.code === "insufficient_quota" || error.openai?.type === "insufficient_quota";
}

function isQuotaExhausted(error: UpstreamError): boolean {
  const google = error.google;
  if (google?.reason === "QUOTA_EXHAUSTED") return true;
  if (google?.quotaIds.some((id) => /PerDay/i.test(id)) === true) return true;
  return RESET_IN_WORDS.test(google?.message ?? "");
}

function quotaResetMs(error: UpstreamError, now: number): number | undefined {
  const google = error.google;
  if (google?.quotaResetDelayMs !== undefined) return google.quotaResetDelayMs;
  if (google?.quotaResetTimestamp !== undefined) {
    const at = Date.parse(google.quotaResetTimestamp);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  const words = RESET_IN_WORDS.exec(google?.message ?? "")?.[1];
  if (words === undefined) return undefined;
  let total = 0;
  for (const match of words.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s)/g)) {
    total += Number(match[1]) * (WORD_UNIT_MS[match[2] ?? "s"] ?? 0);
  }
  return total;
}
