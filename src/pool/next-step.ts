import type { FailureDecision } from "./classify.js";
import { backoffMs, type Cooldown, cooldownFor } from "./cooldown-policy.js";

export type NextStep =
  /** Renew the OAuth token, then try the same account again. */
  | { kind: "refresh" }
  /** Pause, then try the same account again (no other account to turn to). */
  | { kind: "retry-same"; delayMs: number }
  /** Cool the account down (or turn it off) and try another one. */
  | { kind: "rotate"; cooldown?: Cooldown; disable?: true }
  /** Answer the client with this failure now. */
  | { kind: "fail"; cooldown?: Cooldown };

export interface StepContext {
  /** The upstream client can renew this account's credentials. */
  canRefresh: boolean;
  /** This request already renewed them once. */
  refreshed: boolean;
  /** Another account could take the request now. */
  alternatives: boolean;
  /** Retries of the same account so far in this request. */
  retries: number;
  /** Time already spent backing off in this request, and the most it may spend. */
  waitedMs: number;
  budgetMs: number;
  backoffBaseMs: number;
  /** Cool-downs in a row for the key this failure would cool. */
  strikes: number;
  /** The upstream's Retry-After, when it sent one. */
  retryAfterMs?: number;
  random: () => number;
}

/** The failover decision after one failed attempt (contract §6). Pure. */
export function nextStep(decision: FailureDecision, context: StepContext): NextStep {
  if (decision.action === "disable") return { kind: "rotate", disable: true };
  if (decision.action === "refresh") {
    if (context.canRefresh && !context.refreshed) return { kind: "refresh" };
    return rotate(decision, context, { scope: "account" });
  }
  if (decision.action === "fail")
    return withCooldown({ kind: "fail" }, cooldownFor(decision, context.strikes, context.random));
  if (decision.retrySame && !context.alternatives) {
    const pause = Math.max(
      backoffMs(context.retries, context.backoffBaseMs, context.random),
      context.retryAfterMs ?? 0,
    );
    if (context.waitedMs + pause <= context.budgetMs) return { kind: "retry-same", delayMs: pause };
  }
  return rotate(decision, context);
}

function rotate(decision: FailureDecision, context: StepContext, cooldown = decision.cooldown): NextStep {
  const withScope: FailureDecision = cooldown === undefined ? decision : { ...decision, cooldown };
  return withCooldown({ kind: "rotate" }, cooldownFor(withScope, context.strikes, context.random));
}

function withCooldown<T extends { kind: "rotate" | "fail" }>(step: T, cooldown: Cooldown | undefined): T {
  return cooldown === undefined ? step : { ...step, cooldown };
}
