import type { Account } from "./account.js";
import type { Cooldowns } from "./cooldowns.js";

export interface ChoiceContext {
  model: string;
  tried: ReadonlySet<string>;
  inFlight: ReadonlyMap<string, number>;
  cooldowns: Cooldowns;
}

export interface Choice {
  account: Account | undefined;
  /** When nothing is free: how long until the first account frees up. */
  waitMs: number;
}

/** The untried, rested account with the fewest requests in flight; ties go to the earlier account. */
export function chooseAccount(accounts: readonly Account[], context: ChoiceContext): Choice {
  let best: Account | undefined;
  let bestLoad = Number.POSITIVE_INFINITY;
  let waitMs = Number.POSITIVE_INFINITY;
  for (const account of accounts) {
    if (context.tried.has(account.id)) continue;
    const resting = context.cooldowns.remainingMs(account.id, context.model);
    if (resting > 0) {
      waitMs = Math.min(waitMs, resting);
      continue;
    }
    const load = context.inFlight.get(account.id) ?? 0;
    if (load < bestLoad) {
      best = account;
      bestLoad = load;
    }
  }
  return { account: best, waitMs: best === undefined && Number.isFinite(waitMs) ? waitMs : 0 };
}
