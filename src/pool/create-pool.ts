import { randomUUID } from "node:crypto";
import type { Config } from "../config/schema.js";
import { SqliteAccountActivityRepository, utcDay } from "../store/account-activity-repository.js";
import { SqliteAccountsRepository } from "../store/accounts-repository.js";
import { SqliteCooldownsRepository } from "../store/cooldowns-repository.js";
import type { SqliteDatabase } from "../store/database.js";
import { DeferredWrites } from "../store/deferred-writes.js";
import { SqliteOAuthStateRepository } from "../store/oauth-state-repository.js";
import { openSecretCodec, type SecretCodec } from "../store/secret-codec.js";
import { SqliteSessionsRepository } from "../store/sessions-repository.js";
import { CloudCodeClient } from "../upstream/cloudcode/cloudcode-client.js";
import { GeminiClient } from "../upstream/gemini/gemini-client.js";
import { clientPerProxy, UpstreamDispatchers } from "../upstream/http-transport.js";
import { AccessTokens } from "../upstream/oauth/access-tokens.js";
import { OpenAICompatibleClient } from "../upstream/openai/openai-client.js";
import type { UpstreamClient } from "../upstream/types.js";
import { VERSION } from "../version.js";
import type { Account, AccountKind } from "./account.js";
import { AccountRegistry } from "./account-registry.js";
import { syncDeclaredAccounts } from "./accounts-from-config.js";
import { Cooldowns } from "./cooldowns.js";
import { ModelCatalog } from "./model-catalog.js";
import { Pool } from "./pool.js";
import type { PoolObserver } from "./pool-observer.js";
import { RequestCounts } from "./request-counts.js";
import type { PoolStateChange, PublishStateChange } from "./shared-state.js";
import { StickySessions } from "./sticky-sessions.js";

export interface PoolRoom {
  pool: Pool;
  catalog: ModelCatalog;
  registry: AccountRegistry;
  cooldowns: Cooldowns;
  /** The stored accounts (secrets sealed under secret_key when one is set). */
  accountsRepository: SqliteAccountsRepository;
  /** Upstream requests per account and day (`agate accounts list`). */
  requestCounts: RequestCounts;
  /** Applies a change another process made (cluster workers), without storing or publishing it again. */
  apply(change: PoolStateChange): void;
  /** Stops polling, writes what is pending and closes the upstream connections (before the database closes). */
  close(): Promise<void>;
}

export interface PoolRoomOptions {
  now: () => number;
  newToolCallId: () => string;
  /** Where failures that must not stop a request are reported (store writes, model lists). */
  warn: (message: string, details: Record<string, unknown>) => void;
  /** Told of cool-downs and sticky-session hits (metrics). */
  observer?: PoolObserver;
  /** Where changes other processes must see go (cluster workers); absent in a single process. */
  publish?: PublishStateChange;
}

/** A sticky session unused this long is forgotten (and deleted from the store: stale-state-prune.ts). */
export const SESSION_TTL_MS = 24 * 3_600_000;
const MAX_SESSIONS = 100_000;
const MODEL_LIST_TTL_MS = 10 * 60_000;
const REQUEST_COUNTS_FLUSH_MS = 5_000;
const REQUEST_COUNTS_KEPT_DAYS = 31;

/**
 * Assembles the account pool from the config: accounts (declared ones synced into the store), cool-downs
 * and sticky sessions loaded from the store, one upstream client per kind on shared keep-alive
 * connections (one more per egress proxy), the model catalog, and the failover loop.
 */
export function createPoolRoom(config: Config, db: SqliteDatabase, options: PoolRoomOptions): PoolRoom {
  const { now } = options;
  const writes = new DeferredWrites(
    (error) => options.warn("a store write failed", { err: String(error) }),
    (run) => db.transaction(run)(),
  );
  const codec = openSecretCodec(db, config.secret_key);
  const accountsRepository = new SqliteAccountsRepository(db, now, codec);
  const registry = new AccountRegistry(
    syncDeclaredAccounts(accountsRepository, config.accounts),
    accountsRepository,
    writes,
    options.publish,
  );
  const cooldowns = new Cooldowns(
    now,
    { repository: new SqliteCooldownsRepository(db), writes },
    options.observer,
    options.publish,
  );
  cooldowns.load();
  const sessions = new StickySessions({
    now,
    ttlMs: SESSION_TTL_MS,
    maxEntries: MAX_SESSIONS,
    repository: new SqliteSessionsRepository(db),
    writes,
    ...(options.publish === undefined ? {} : { publish: options.publish }),
  });
  sessions.load();
  const dispatchers = new UpstreamDispatchers({
    firstByteTimeoutMs: config.first_byte_timeout_ms,
    requestTimeoutMs: config.request_timeout_ms,
  });
  const clients = createUpstreamClients(config, db, { dispatchers, writes, codec, ...options });
  const activity = new SqliteAccountActivityRepository(db);
  activity.pruneBefore(utcDay(now() - REQUEST_COUNTS_KEPT_DAYS * 86_400_000));
  const requestCounts = new RequestCounts(activity, now, (error) =>
    options.warn("a store write failed", { err: String(error) }),
  );
  const catalog = new ModelCatalog({
    accounts: registry.list,
    clients,
    now,
    ttlMs: MODEL_LIST_TTL_MS,
    waitMs: 3_000,
    onError: (account, error) => onModelListError(registry, account, error, options),
    onExhausted: (account, model, resetAt) =>
      cooldowns.cool(account.id, model, resetAt - now(), "quota-exhausted"),
    onListed: (account, list) => {
      const quota = list.models
        .filter((model) => model.remainingFraction !== undefined || model.resetAt !== undefined)
        .map(({ id, ...rest }) => ({ model: id, ...rest }));
      writes.enqueue(() => activity.saveQuota(account.id, quota, now()));
    },
  });
  const pool = new Pool({
    accounts: registry.list,
    clients,
    cooldowns,
    maxAttempts: config.max_attempts,
    now,
    strategy: config.strategy,
    catalog,
    sessions,
    maxConcurrentPerAccount: config.max_concurrent_per_account,
    retryWaitBudgetMs: config.retry_wait_budget_ms,
    retryBackoffMs: config.retry_backoff_ms,
    ...(options.observer === undefined ? {} : { observer: options.observer }),
    disable: (account, reason) => {
      options.warn("account turned off", { account: account.id, reason });
      registry.disable(account.id, reason);
    },
    onAttempt: (account) => requestCounts.count(account.id),
  });
  catalog.startPolling(config.quota_refresh_ms);
  requestCounts.start(REQUEST_COUNTS_FLUSH_MS);
  return {
    pool,
    catalog,
    registry,
    cooldowns,
    accountsRepository,
    requestCounts,
    apply: (change) => {
      if (change.kind === "cooldown") cooldowns.adopt(change.record);
      else if (change.kind === "cooldown-cleared") cooldowns.forget(change.accountId, change.model);
      else if (change.kind === "session") sessions.adopt(change.sessionKey, change.accountId);
      else registry.markDisabled(change.accountId, change.reason);
    },
    close: async () => {
      catalog.stopPolling();
      requestCounts.stop();
      requestCounts.flush();
      writes.flush();
      await dispatchers.close();
    },
  };
}

export interface UpstreamClientsOptions {
  dispatchers: UpstreamDispatchers;
  writes: DeferredWrites;
  codec: SecretCodec;
  now: () => number;
  newToolCallId: () => string;
}

/**
 * One upstream client per account kind on the given connections, OAuth tokens and Cloud Code projects
 * kept in the store (the gateway's pool, and `agate accounts refresh` / `login`).
 */
export function createUpstreamClients(
  config: Config,
  db: SqliteDatabase,
  options: UpstreamClientsOptions,
): Record<AccountKind, UpstreamClient> {
  const { dispatchers, writes } = options;
  const dispatcherFor = (account: Account) => dispatchers.for(account.proxyUrl);
  const state = new SqliteOAuthStateRepository(db, options.now, options.codec);
  const tokens = new AccessTokens({
    client: {
      tokenUrl: config.oauth_token_url,
      clientId: config.oauth_client_id ?? "",
      ...(config.oauth_client_secret === undefined ? {} : { clientSecret: config.oauth_client_secret }),
    },
    dispatcherFor,
    now: options.now,
    state,
    writes,
  });
  return {
    gemini: clientPerProxy(
      dispatchers,
      (dispatcher) => new GeminiClient(dispatcher, { newToolCallId: options.newToolCallId }),
    ),
    cloudcode: new CloudCodeClient({
      dispatcherFor,
      tokens,
      baseUrls: config.cloudcode_base_urls,
      newToolCallId: options.newToolCallId,
      newRequestId: () => `agate-${randomUUID()}`,
      userAgent: `agate/${VERSION}`,
      state,
      writes,
    }),
    openai: new OpenAICompatibleClient({ dispatcherFor, newToolCallId: options.newToolCallId }),
  };
}

/** A model list that failed because the refresh token is dead turns the account off, like a failed request. */
function onModelListError(
  registry: AccountRegistry,
  account: Account,
  error: unknown,
  options: PoolRoomOptions,
): void {
  const oauth = (error as { oauth?: { error: string; description?: string } }).oauth;
  if (oauth?.error === "invalid_grant") {
    registry.disable(
      account.id,
      `OAuth invalid_grant: ${oauth.description ?? "the refresh token was refused"}`,
    );
  }
  options.warn("model list failed", {
    account: account.id,
    err: error instanceof Error ? error.message : String(error),
  });
}
