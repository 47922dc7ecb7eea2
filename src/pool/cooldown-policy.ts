import type { FailureClass, FailureDecision } from "./classify.js";

/** First cool-down and ceiling per failure class, when the upstream did not say how long. */
const FALLBACK: Readonly<Record<FailureClass, { baseMs: number; maxMs: number }>> = {
  "rate-limit": { baseMs: 1_000, maxMs: 60_000 },
  "quota-exhausted": { baseMs: 60_000, maxMs: 3_600_000 },
  capacity: { baseMs: 2_000, maxMs: 60_000 },
  transient: { baseMs: 2_000, maxMs: 60_000 },
  unauthorized: { baseMs: 600_000, maxMs: 3_600_000 },
  revoked: { baseMs: 3_600_000, maxMs: 3_600_000 },
  forbidden: { baseMs: 600_000, maxMs: 3_600_000 },
  "not-found": { baseMs: 0, maxMs: 0 },
  "client-error": { baseMs: 0, maxMs: 0 },
};

/** Up to this share is added at random to a computed cool-down, so resting accounts do not wake together. */
const JITTER = 0.2;

export interface Cooldown {
  scope: "model" | "account";
  ms: number;
  /** The failure class, stored with the cool-down for status and logs. */
  reason: FailureClass;
}

/**
 * How long the account (or the account for this model) rests after a failure. The upstream's own delay
 * wins as given; otherwise base × 2^strikes (strikes: cool-downs in a row for the same key) with jitter,
 * capped. Pure: `random` in [0, 1) is injected.
 */
export function cooldownFor(
  decision: FailureDecision,
  strikes: number,
  random: () => number,
): Cooldown | undefined {
  const cooldown = decision.cooldown;
  if (cooldown === undefined) return undefined;
  if (cooldown.exactMs !== undefined)
    return { scope: cooldown.scope, ms: cooldown.exactMs, reason: decision.failure };
  const { baseMs, maxMs } = FALLBACK[decision.failure];
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, strikes));
  const ms = Math.round(Math.min(maxMs, exponential * (1 + JITTER * random())));
  return { scope: cooldown.scope, ms, reason: decision.failure };
}

/** Ceiling of one back-off pause before retrying the same account. */
const MAX_BACKOFF_MS = 8_000;

/**
 * The pause before retry number `retry` (0 for the first) of the same account: base × 2^retry, capped,
 * with "equal jitter" (between half and all of it). Pure.
 */
export function backoffMs(retry: number, baseMs: number, random: () => number): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, retry));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
