import { randomUUID } from "node:crypto";
import type { Config } from "../config/schema.js";
import { SqliteAccountsRepository } from "../store/accounts-repository.js";
import { SqliteCooldownsRepository } from "../store/cooldowns-repository.js";
import type { SqliteDatabase } from "../store/database.js";
import { DeferredWrites } from "../store/deferred-writes.js";
import { SqliteOAuthStateRepository } from "../store/oauth-state-repository.js";
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
import { StickySessions } from "./sticky-sessions.js";

export interface PoolRoom {
  pool: Pool;
  catalog: ModelCatalog;
  registry: AccountRegistry;
  /** Stops polling, writes what is pending and closes the upstream connections (before the database closes). */
  close(): Promise<void>;
}

export interface PoolRoomOptions {
  now: () => number;
  newToolCallId: () => string;
  /** Where failures that must not stop a request are reported (store writes, model lists). */
  warn: (message: string, details: Record<string, unknown>) => void;
}

const SESSION_TTL_MS = 24 * 3_600_000;
const MAX_SESSIONS = 100_000;
const MODEL_LIST_TTL_MS = 10 * 60_000;

/**
 * Assembles the account pool from the config: accounts (declared ones synced into the store), cool-downs
 * and sticky sessions loaded from the store, one upstream client per kind on shared keep-alive
 * connections (one more per egress proxy), the model catalog, and the failover loop.
 */
export function createPoolRoom(config: Config, db: SqliteDatabase, options: PoolRoomOptions): PoolRoom {
  const { now } = options;
  const writes = new DeferredWrites((error) => options.warn("a store write failed", { err: String(error) }));
  const accountsRepository = new SqliteAccountsRepository(db, now);
  const registry = new AccountRegistry(
    syncDeclaredAccounts(accountsRepository, config.accounts),
    accountsRepository,
    writes,
  );
  const cooldowns = new Cooldowns(now, { repository: new SqliteCooldownsRepository(db), writes });
  cooldowns.load();
  const sessions = new StickySessions({
    now,
    ttlMs: SESSION_TTL_MS,
    maxEntries: MAX_SESSIONS,
    repository: new SqliteSessionsRepository(db),
    writes,
  });
  sessions.load();
  const dispatchers = new UpstreamDispatchers({
    firstByteTimeoutMs: config.first_byte_timeout_ms,
    requestTimeoutMs: config.request_timeout_ms,
  });
  const clients = createClients(config, db, dispatchers, writes, options);
  const catalog = new ModelCatalog({
    accounts: registry.list,
    clients,
    now,
    ttlMs: MODEL_LIST_TTL_MS,
    waitMs: 3_000,
    onError: (account, error) => onModelListError(registry, account, error, options),
    onExhausted: (account, model, resetAt) =>
      cooldowns.cool(account.id, model, resetAt - now(), "quota-exhausted"),
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
    disable: (account, reason) => {
      options.warn("account turned off", { account: account.id, reason });
      registry.disable(account.id, reason);
    },
  });
  catalog.startPolling(config.quota_refresh_ms);
  return {
    pool,
    catalog,
    registry,
    close: async () => {
      catalog.stopPolling();
      writes.flush();
      await dispatchers.close();
    },
  };
}

function createClients(
  config: Config,
  db: SqliteDatabase,
  dispatchers: UpstreamDispatchers,
  writes: DeferredWrites,
  options: PoolRoomOptions,
): Record<AccountKind, UpstreamClient> {
  const dispatcherFor = (account: Account) => dispatchers.for(account.proxyUrl);
  const state = new SqliteOAuthStateRepository(db, options.now);
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
