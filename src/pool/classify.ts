import type { UpstreamError } from "../upstream/upstream-error.js";

export type FailureClass =
  | "rate-limit"
  | "quota-exhausted"
  | "capacity"
  | "transient"
  | "unauthorized"
  | "forbidden"
  | "client-error";

export interface FailureDecision {
  failure: FailureClass;
  /** rotate: try another account; fail: answer the client now. */
  action: "rotate" | "fail";
  /** How long the (account, model) or the account should rest, when it should. */
  cooldown?: { scope: "model" | "account"; ms: number };
}

const TRANSIENT_COOLDOWN_MS = 5_000;
const FORBIDDEN_COOLDOWN_MS = 10 * 60_000;
const RATE_LIMIT_FALLBACK_MS = 1_000;
const QUOTA_FALLBACK_MS = 60 * 60_000;
const RESET_IN_WORDS = /reset after ((?:\d+(?:\.\d+)?(?:h|ms|m|s))+)/i;
const WORD_UNIT_MS: Readonly<Record<string, number>> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };

/**
 * What to do about one upstream failure that happened before anything reached the client (contract §6).
 * Pure: `now` is injected for reset timestamps.
 */
export function classifyUpstreamError(error: UpstreamError, now: number): FailureDecision {
  if (error.kind !== "http" && error.status === undefined) {
    return {
      failure: "transient",
      action: "rotate",
      cooldown: { scope: "account", ms: TRANSIENT_COOLDOWN_MS },
    };
  }
  const status = error.status ?? 0;
  if (status === 429) {
    const google = error.google;
    if (google?.reason === "MODEL_CAPACITY_EXHAUSTED") {
      return {
        failure: "capacity",
        action: "rotate",
        cooldown: { scope: "model", ms: TRANSIENT_COOLDOWN_MS },
      };
    }
    const resetMs = quotaResetMs(error, now);
    if (isQuotaExhausted(error)) {
      return {
        failure: "quota-exhausted",
        action: "rotate",
        cooldown: { scope: "model", ms: resetMs ?? QUOTA_FALLBACK_MS },
      };
    }
    const delay = google?.retryDelayMs ?? error.retryAfterMs ?? resetMs ?? RATE_LIMIT_FALLBACK_MS;
    return { failure: "rate-limit", action: "rotate", cooldown: { scope: "model", ms: delay } };
  }
  if (status >= 500 || status === 408) {
    return {
      failure: "transient",
      action: "rotate",
      cooldown: { scope: "account", ms: TRANSIENT_COOLDOWN_MS },
    };
  }
  if (status === 401) return { failure: "unauthorized", action: "rotate" };
  if (status === 403) {
    return {
      failure: "forbidden",
      action: "rotate",
      cooldown: { scope: "model", ms: FORBIDDEN_COOLDOWN_MS },
    };
  }
  return { failure: "client-error", action: "fail" };
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
