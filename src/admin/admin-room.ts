import { AccountBook } from "../accounts/account-book.js";
import { type AccountView, accountView } from "../accounts/account-view.js";
import type { Config } from "../config/schema.js";
import type { Account } from "../pool/account.js";
import { accountChanges } from "../pool/account-changes.js";
import type { AccountRegistry } from "../pool/account-registry.js";
import type { Cooldowns } from "../pool/cooldowns.js";
import type { ModelCatalog } from "../pool/model-catalog.js";
import type { Pool } from "../pool/pool.js";
import type { RequestCounts } from "../pool/request-counts.js";
import type { ModelRouter } from "../routing/model-router.js";
import { SqliteAccountActivityRepository, utcDay } from "../store/account-activity-repository.js";
import type { AccountsRepository } from "../store/accounts-repository.js";
import type { SqliteDatabase } from "../store/database.js";
import { SqliteModelMappingRepository } from "../store/model-mapping-repository.js";
import { SqliteOAuthStateRepository } from "../store/oauth-state-repository.js";
import { ServingChanges } from "../store/serving-changes.js";
import { RuntimeModelMapping } from "./runtime-model-mapping.js";
import { StoreWatcher } from "./store-watcher.js";

/** What the admin API works with: the running gateway's accounts, cool-downs and model mapping. */
export interface AdminDependencies {
  book: AccountBook;
  cooldowns: Cooldowns;
  mapping: RuntimeModelMapping;
  /** Every account (or one) as the API shows it, with live cool-downs and in-flight counts. */
  views(accounts?: readonly Account[]): AccountView[];
  /** Admin actions, for the log: ids, labels and fingerprints, never a secret. */
  log(message: string, details: Record<string, unknown>): void;
}

export interface AdminRoomParts {
  registry: AccountRegistry;
  cooldowns: Cooldowns;
  accountsRepository: AccountsRepository;
  requestCounts: RequestCounts;
  pool: Pool;
  catalog: ModelCatalog;
  router: ModelRouter;
  now: () => number;
  info: (message: string, details: Record<string, unknown>) => void;
  warn: (message: string, details: Record<string, unknown>) => void;
}

export interface AdminRoom {
  admin: AdminDependencies;
  /** Applies the stored model mapping and starts watching the store for other processes' changes. */
  start(): void;
  close(): void;
}

/**
 * The admin side of the gateway. Changes made here reach the pool at once; changes another process makes
 * to the same store (`agate accounts ...`) are picked up every accounts_reload_ms, once the store's count of
 * account and mapping changes moved (see StoreWatcher).
 */
export function createAdminRoom(config: Config, db: SqliteDatabase, parts: AdminRoomParts): AdminRoom {
  const { registry, cooldowns, catalog, now } = parts;
  const accountsChanged = () => {
    if (registry.reload()) void catalog.refreshQuotaAccounts();
  };
  const mapping = new RuntimeModelMapping(
    config.model_mapping,
    new SqliteModelMappingRepository(db, now),
    (effective) => parts.router.setMapping(effective),
  );
  const book = new AccountBook(parts.accountsRepository, config.accounts, accountsChanged);
  const activity = new SqliteAccountActivityRepository(db);
  const oauthState = new SqliteOAuthStateRepository(db, now);
  const servingChanges = new ServingChanges(db);
  const watcher = new StoreWatcher(
    db,
    (count) => {
      const before = registry.list();
      accountsChanged();
      mapping.reload();
      // Another process changed the store (`agate accounts ...`): the log says what this gateway now serves,
      // once for a cluster, whose every worker re-reads the change (the first to see it says it).
      const changes = accountChanges(before, registry.list());
      if (changes !== undefined && claimLogging(servingChanges, count))
        parts.info("accounts changed in the store", { ...changes });
    },
    (error) => parts.warn("re-reading the store failed", { err: String(error) }),
  );
  const views = (accounts: readonly Account[] = registry.list()): AccountView[] => {
    parts.requestCounts.flush();
    const today = activity.requestsOn(utcDay(now()));
    const quota = activity.quota();
    const active = cooldowns.active();
    const inFlight = new Map(parts.pool.status().map((status) => [status.id, status.inFlight]));
    const projects = oauthState.projects();
    return accounts.map((account) =>
      accountView(account, {
        cooldowns: active,
        requestsToday: today.get(account.id) ?? 0,
        quota: quota.get(account.id) ?? [],
        now: now(),
        inFlight: inFlight.get(account.id) ?? 0,
        ...(projects.has(account.id) ? { discoveredProject: projects.get(account.id) ?? "" } : {}),
      }),
    );
  };
  return {
    admin: { book, cooldowns, mapping, views, log: parts.info },
    start: () => {
      mapping.reload();
      if (
        config.oauth_client_id === undefined &&
        registry.list().some((account) => account.kind === "cloudcode")
      )
        parts.warn(
          "cloudcode accounts are stored but oauth_client_id is not set: they cannot refresh their tokens",
          {},
        );
      watcher.start(config.accounts_reload_ms);
    },
    close: () => watcher.stop(),
  };
}

/** Whether the change is this process's to log; said rather than lost when the store cannot be written. */
function claimLogging(changes: ServingChanges, count: number): boolean {
  try {
    return changes.claimLogging(count);
  } catch {
    return true;
  }
}
