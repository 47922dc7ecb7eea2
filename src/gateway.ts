import type { FastifyInstance } from "fastify";
import { createAdminRoom } from "./admin/admin-room.js";
import type { Config } from "./config/schema.js";
import { Observability } from "./observability/observability.js";
import type { Account } from "./pool/account.js";
import { createPoolRoom, SESSION_TTL_MS } from "./pool/create-pool.js";
import type { ModelCatalog } from "./pool/model-catalog.js";
import type { Pool } from "./pool/pool.js";
import type { PoolStateChange } from "./pool/shared-state.js";
import { ModelRouter } from "./routing/model-router.js";
import { buildApp } from "./server/app.js";
import { type IdGenerator, randomIds } from "./server/ids.js";
import { SqliteAccountActivityRepository, utcDay } from "./store/account-activity-repository.js";
import { BACKSTOP_CHECKPOINT_PAGES, BackgroundCheckpoints } from "./store/background-checkpoints.js";
import { BackgroundPrune } from "./store/background-prune.js";
import { SqliteCooldownsRepository } from "./store/cooldowns-repository.js";
import { openDatabase, openMemoryDatabase, type SqliteDatabase } from "./store/database.js";
import { freePagesBack } from "./store/free-pages.js";
import { SqliteResponsesRepository } from "./store/responses-repository.js";
import { SqliteSessionsRepository } from "./store/sessions-repository.js";
import { SqliteSignatureStore } from "./store/signatures-repository.js";
import { staleStatePrune } from "./store/stale-state-prune.js";

export interface GatewayOptions {
  /** false: no logs (tests). */
  logger?: boolean;
  /** Keep state in memory instead of data_dir (tests). */
  inMemoryStore?: boolean;
  ids?: IdGenerator;
  now?: () => number;
  /** The other processes serving the same store (cluster workers); absent in a single process. */
  peers?: PeerChannel;
  /**
   * Another process checkpoints the store's WAL (a cluster's primary, SharedCheckpoints): no checkpoint
   * thread here, and commits checkpoint only past the backstop.
   */
  checkpointedElsewhere?: boolean;
}

/** How a cluster worker tells the others of its pool's changes, and hears of theirs. */
export interface PeerChannel {
  publish(change: PoolStateChange): void;
  /** Registers the function that applies the other workers' changes here. */
  onChange(apply: (change: PoolStateChange) => void): void;
}

export interface Gateway {
  app: FastifyInstance;
  pool: Pool;
  catalog: ModelCatalog;
  accounts: () => readonly Account[];
  /** Metrics, live feed and request log (a cluster worker shares the first two with the others). */
  observability: Observability;
  /** Deletes stored responses older than responses_retention_days (also runs by itself every ten minutes). */
  pruneResponses(): Promise<number>;
  /** Deletes stale sessions, old thought signatures and ended cool-downs (also runs every ten minutes). */
  pruneStaleState(): Promise<number>;
  /** Gives the pages the prunes freed back to the file system (also runs every ten minutes); resolves with their count. */
  freePages(): Promise<number>;
  close(): Promise<void>;
}

/** Wires every room together from one frozen config: store, accounts, upstream clients, pool, server. */
export async function createGateway(config: Config, options: GatewayOptions = {}): Promise<Gateway> {
  const now = options.now ?? Date.now;
  const ids = options.ids ?? randomIds;
  const db: SqliteDatabase =
    options.inMemoryStore === true ? openMemoryDatabase() : openDatabase(config.data_dir);
  let app: FastifyInstance | undefined;
  const warn = (message: string, details: Record<string, unknown>) => app?.log.warn(details, message);
  // Once a file store has written enough, its WAL is checkpointed by a thread, not inside a request's commit.
  let checkpoints: BackgroundCheckpoints | undefined;
  if (options.checkpointedElsewhere === true) db.pragma(`wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);
  else if (options.inMemoryStore !== true)
    checkpoints = new BackgroundCheckpoints(db, { onError: (error) => warn(error.message, {}) });
  const observability = new Observability({ config, db, now, warn });
  const { pool, catalog, registry, cooldowns, accountsRepository, requestCounts, ...poolRoom } =
    createPoolRoom(config, db, {
      now,
      newToolCallId: ids.toolCallId,
      warn,
      observer: observability.poolObserver,
      ...(options.peers === undefined ? {} : { publish: (change) => options.peers?.publish(change) }),
    });
  options.peers?.onChange(poolRoom.apply);
  const activity = new SqliteAccountActivityRepository(db);
  const quotas = () => activity.quota();
  observability.attachPool(
    { status: () => pool.status(), inFlight: () => pool.inFlightCount(), quotas, now },
    registry.list,
  );
  const router = new ModelRouter(config.model_mapping, config.model_aliases);
  const adminRoom = createAdminRoom(config, db, {
    ...{ registry, cooldowns, accountsRepository, requestCounts, pool, catalog, router, now, warn },
    info: (message, details) => app?.log.info(details, message),
  });
  const signatures = new SqliteSignatureStore(db, now);
  const responses = new SqliteResponsesRepository(db);
  const responsesPrune = new BackgroundPrune({
    step: (chunk) =>
      responses.prune(Math.floor(now() / 1000) - config.responses_retention_days * 86_400, chunk),
    // 100 rows of 10 KB: ≈ 2 ms of the event loop a step (a 1 MB history: ≈ 0.5 ms a row).
    chunk: 100,
    intervalMs: 10 * 60_000,
    onError: (error) => warn("pruning stored responses failed", { error: String(error) }),
  });
  const statePrune = staleStatePrune({
    sessions: new SqliteSessionsRepository(db),
    signatures,
    cooldowns: new SqliteCooldownsRepository(db),
    now,
    sessionTtlMs: SESSION_TTL_MS,
    onError: (error) => warn("pruning stale sessions and signatures failed", { error: String(error) }),
  });
  // What the prunes free goes back to the file system (a file store made with incremental auto_vacuum).
  const freePages = freePagesBack(db, {
    onError: (error) => warn("giving freed store pages back failed", { error: String(error) }),
  });
  app = await buildApp({
    config,
    pool,
    router,
    catalog,
    ids,
    now,
    signatures,
    responses,
    admin: adminRoom.admin,
    ...(options.logger === false ? { logger: false } : {}),
    observability: {
      room: observability,
      accounts: registry.list,
      quotas,
      mapping: () => adminRoom.admin.mapping.effective(),
      requestsToday: () => {
        requestCounts.flush();
        return activity.requestsOn(utcDay(now()));
      },
    },
  });
  adminRoom.start();
  responsesPrune.start();
  statePrune.start();
  if (options.inMemoryStore !== true) freePages.start();
  return {
    app,
    pool,
    catalog,
    accounts: registry.list,
    observability,
    pruneResponses: () => responsesPrune.run(),
    pruneStaleState: () => statePrune.run(),
    freePages: () => freePages.run(),
    close: async () => {
      responsesPrune.stop();
      statePrune.stop();
      freePages.stop();
      adminRoom.close();
      await app?.close();
      await poolRoom.close();
      observability.close();
      signatures.flush();
      await checkpoints?.stop();
      db.close();
    },
  };
}
