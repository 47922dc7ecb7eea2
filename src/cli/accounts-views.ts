import { type AccountView, accountView } from "../accounts/account-view.js";
import type { Account } from "../pool/account.js";
import { utcDay } from "../store/account-activity-repository.js";
import { SqliteOAuthStateRepository } from "../store/oauth-state-repository.js";
import type { AccountsStore } from "./accounts-store.js";

/** Accounts as the store shows them to another process: cool-downs, counts and quota the gateway wrote. */
export function storeViews(
  store: AccountsStore,
  accounts: readonly Account[] = store.book.list(),
): AccountView[] {
  const now = store.now();
  const today = store.activity.requestsOn(utcDay(now));
  const quota = store.activity.quota();
  const cooldowns = store.cooldowns.active(now);
  const projects = new SqliteOAuthStateRepository(store.db, store.now, store.codec).projects();
  return accounts.map((account) =>
    accountView(account, {
      cooldowns,
      requestsToday: today.get(account.id) ?? 0,
      quota: quota.get(account.id) ?? [],
      now,
      ...optionalProject(projects.get(account.id)),
    }),
  );
}

export const print = (text: string): void => {
  process.stdout.write(`${text}\n`);
};

/** How soon a running gateway sees a change made here. */
export function pickupNote(reloadMs: number): string {
  return reloadMs > 0
    ? `A running gateway picks the change up within ${Math.max(1, Math.round(reloadMs / 1000))} s.`
    : "accounts_reload_ms is 0: restart a running gateway to pick the change up.";
}

export const optionalProject = (project: string | undefined): { discoveredProject?: string } =>
  project === undefined ? {} : { discoveredProject: project };

/** A cloudcode account is of no use without the OAuth client its refresh token was issued to. */
export function warnWithoutOAuthClient(store: AccountsStore, kinds: readonly string[]): void {
  if (store.config.oauth_client_id !== undefined || !kinds.includes("cloudcode")) return;
  process.stderr.write(
    "Note: cloudcode accounts need oauth_client_id and oauth_client_secret (the OAuth client their refresh tokens " +
      "were issued to); set them in the config file or AGATE_OAUTH_CLIENT_ID / AGATE_OAUTH_CLIENT_SECRET.\n",
  );
}
