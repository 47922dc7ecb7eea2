import { type Account, isUsable } from "./account.js";

export interface AccountChanges {
  added: string[];
  removed: string[];
  /** Now able to serve (turned on, or its disabled reason cleared). */
  on: string[];
  /** No longer able to serve. */
  off: string[];
}

/**
 * What changed between two lists of accounts, by label, for the log line of a gateway that picked up another
 * process's change (`agate accounts add|remove|enable|disable`); undefined when nobody would notice (a token
 * refreshed, a quota read).
 */
export function accountChanges(
  before: readonly Account[],
  after: readonly Account[],
): AccountChanges | undefined {
  const old = new Map(before.map((account) => [account.id, account]));
  const changes: AccountChanges = { added: [], removed: [], on: [], off: [] };
  for (const account of after) {
    const previous = old.get(account.id);
    old.delete(account.id);
    if (previous === undefined) changes.added.push(account.label);
    else if (isUsable(previous) !== isUsable(account))
      (isUsable(account) ? changes.on : changes.off).push(account.label);
  }
  for (const gone of old.values()) changes.removed.push(gone.label);
  const any = changes.added.length + changes.removed.length + changes.on.length + changes.off.length > 0;
  return any ? changes : undefined;
}
