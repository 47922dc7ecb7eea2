import type { Account } from "./account.js";

export type Strategy = "sticky" | "round_robin" | "least_loaded";

/** Everything the choice looks at, as plain lookups so tests can fix each one. */
export interface ChoiceContext {
  model: string;
  strategy: Strategy;
  tried: ReadonlySet<string>;
  /** Milliseconds until the account may serve the model; 0 when it may now. */
  coolingMs: (accountId: string, model: string) => number;
  inFlight: (accountId: string) => number;
  /** Requests the account may have in flight; Infinity when unlimited. */
  capacity: (account: Account) => number;
  /** Whether the account serves the model: undefined while its model list is unknown. */
  serves: (accountId: string, model: string) => boolean | undefined;
  /** Remaining quota for the model, 0..1, when the upstream reports it. */
  remainingFraction: (accountId: string, model: string) => number | undefined;
  lastUsedAt: (accountId: string) => number;
  /** The account this conversation is bound to (strategy sticky). */
  stickyAccountId?: string;
  /** The account round robin gave out last. */
  lastRoundRobinId?: string;
}

export interface Choice {
  account: Account | undefined;
  /** When nothing was chosen: why. */
  blockedBy?: "cooling" | "busy" | "tried";
  /** When blocked by cool-downs: how long until the first account frees up. */
  waitMs: number;
}

/**
 * Picks the account for the next attempt: among the untried, rested accounts that serve the model and have
 * a free slot, the sticky one if it is among them, else by strategy (most headroom: fewest in flight, then
 * most remaining quota, then least recently used; or round robin). Pure.
 */
export function chooseAccount(accounts: readonly Account[], context: ChoiceContext): Choice {
  // One pass (this runs per attempt): untried → rested → free, noting the shortest cool-down on the way.
  let untried = 0;
  let rested = 0;
  let waitMs = Number.POSITIVE_INFINITY;
  const free: Account[] = [];
  for (const account of servingAccounts(accounts, context)) {
    if (context.tried.has(account.id)) continue;
    untried++;
    const cooling = context.coolingMs(account.id, context.model);
    if (cooling !== 0) {
      waitMs = Math.min(waitMs, cooling);
      continue;
    }
    rested++;
    if (context.inFlight(account.id) < context.capacity(account)) free.push(account);
  }
  if (untried === 0) return { account: undefined, blockedBy: "tried", waitMs: 0 };
  if (rested === 0) return { account: undefined, blockedBy: "cooling", waitMs };
  if (free.length === 0) return { account: undefined, blockedBy: "busy", waitMs: 0 };
  if (context.strategy === "sticky" && context.stickyAccountId !== undefined) {
    const bound = free.find((account) => account.id === context.stickyAccountId);
    if (bound !== undefined) return { account: bound, waitMs: 0 };
  }
  const account =
    context.strategy === "round_robin" ? nextInTurn(accounts, free, context) : mostHeadroom(free, context);
  return { account, waitMs: 0 };
}

/**
 * The accounts that serve the model. An account whose model list is known and lacks the model is left
 * out — unless no account lists it at all (a new or unlisted id), when the upstream has the last word.
 */
export function servingAccounts(
  accounts: readonly Account[],
  context: Pick<ChoiceContext, "model" | "serves">,
): readonly Account[] {
  if (!accounts.some((account) => context.serves(account.id, context.model) === true)) return accounts;
  return accounts.filter((account) => context.serves(account.id, context.model) !== false);
}

function mostHeadroom(free: readonly Account[], context: ChoiceContext): Account | undefined {
  let best: Account | undefined;
  for (const account of free) {
    if (best === undefined || compareHeadroom(account, best, context) < 0) best = account;
  }
  return best;
}

/** Negative when `a` has more headroom than `b`; ties keep the declared order. */
function compareHeadroom(a: Account, b: Account, context: ChoiceContext): number {
  const load = context.inFlight(a.id) - context.inFlight(b.id);
  if (load !== 0) return load;
  const quota =
    (context.remainingFraction(b.id, context.model) ?? 1) -
    (context.remainingFraction(a.id, context.model) ?? 1);
  if (quota !== 0) return quota;
  return context.lastUsedAt(a.id) - context.lastUsedAt(b.id) || 0;
}

/** The first free account after the one given out last, in declared order, wrapping around. */
function nextInTurn(
  all: readonly Account[],
  free: readonly Account[],
  context: ChoiceContext,
): Account | undefined {
  const lastIndex = all.findIndex((account) => account.id === context.lastRoundRobinId);
  const freeIds = new Set(free.map((account) => account.id));
  for (let step = 1; step <= all.length; step++) {
    const candidate = all[(lastIndex + step) % all.length];
    if (candidate !== undefined && freeIds.has(candidate.id)) return candidate;
  }
  return free[0];
}
