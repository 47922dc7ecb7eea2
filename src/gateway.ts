import type { FastifyInstance } from "fastify";
import type { Config } from "./config/schema.js";
import type { Account } from "./pool/account.js";
import { syncDeclaredAccounts } from "./pool/accounts-from-config.js";
import { Cooldowns } from "./pool/cooldowns.js";
import { ModelCatalog } from "./pool/model-catalog.js";
import { Pool } from "./pool/pool.js";
import { ModelRouter } from "./routing/model-router.js";
import { buildApp } from "./server/app.js";
import { type IdGenerator, randomIds } from "./server/ids.js";
import { SqliteAccountsRepository } from "./store/accounts-repository.js";
import { openDatabase, openMemoryDatabase, type SqliteDatabase } from "./store/database.js";
import { SqliteSignatureStore } from "./store/signatures-repository.js";
import { GeminiClient } from "./upstream/gemini/gemini-client.js";
import { createUpstreamDispatcher } from "./upstream/http-transport.js";

export interface GatewayOptions {
  /** false: no logs (tests). */
  logger?: boolean;
  /** Keep state in memory instead of data_dir (tests). */
  inMemoryStore?: boolean;
  ids?: IdGenerator;
  now?: () => number;
}

export interface Gateway {
  app: FastifyInstance;
  pool: Pool;
  accounts: () => readonly Account[];
  close(): Promise<void>;
}

/** Wires every room together from one frozen config: store, accounts, upstream clients, pool, server. */
export async function createGateway(config: Config, options: GatewayOptions = {}): Promise<Gateway> {
  const now = options.now ?? Date.now;
  const ids = options.ids ?? randomIds;
  const db: SqliteDatabase =
    options.inMemoryStore === true ? openMemoryDatabase() : openDatabase(config.data_dir);
  const repository = new SqliteAccountsRepository(db, now);
  const accounts = Object.freeze(syncDeclaredAccounts(repository, config.accounts));
  const dispatcher = createUpstreamDispatcher({
    firstByteTimeoutMs: config.first_byte_timeout_ms,
    requestTimeoutMs: config.request_timeout_ms,
  });
  const clients = { gemini: new GeminiClient(dispatcher, { newToolCallId: ids.toolCallId }) };
  const listAccounts = (): readonly Account[] => accounts;
  const pool = new Pool({
    accounts: listAccounts,
    clients,
    cooldowns: new Cooldowns(now),
    maxAttempts: config.max_attempts,
    now,
  });
  const router = new ModelRouter(config.model_mapping, config.model_aliases);
  let app: FastifyInstance | undefined;
  const catalog = new ModelCatalog({
    accounts: listAccounts,
    clients,
    now,
    ttlMs: 10 * 60_000,
    waitMs: 3_000,
    onError: (account, error) =>
      app?.log.warn(
        { account: account.id, err: error instanceof Error ? error.message : String(error) },
        "model list failed",
      ),
  });
  const signatures = new SqliteSignatureStore(db, now);
  app = await buildApp({
    config,
    pool,
    router,
    catalog,
    ids,
    now,
    signatures,
    ...(options.logger === false ? { logger: false } : {}),
  });
  return {
    app,
    pool,
    accounts: listAccounts,
    close: async () => {
      await app?.close();
      await dispatcher.close();
      signatures.flush();
      db.close();
    },
  };
}
