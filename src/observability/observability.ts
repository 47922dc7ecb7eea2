import { performance } from "node:perf_hooks";
import type { FastifyReply, FastifyRequest } from "fastify";
import { clientKeyStrings, clientKeys } from "../config/client-keys.js";
import type { Config } from "../config/schema.js";
import type { Account } from "../pool/account.js";
import type { PoolObserver } from "../pool/pool-observer.js";
import { isAdminPath } from "../server/auth.js";
import { urlPath } from "../server/url-path.js";
import { clientKeySalt } from "../store/client-key-salt.js";
import type { SqliteDatabase } from "../store/database.js";
import { type RequestLogPage, SqliteRequestLogRepository } from "../store/request-log-repository.js";
import { SqliteUsageRepository } from "../store/usage-repository.js";
import { ClientKeyLabels } from "./client-key.js";
import { LiveFeed } from "./live-feed.js";
import { logsAt } from "./log-level.js";
import { GatewayMetrics, type PoolView } from "./metrics.js";
import { redactBody } from "./redact-body.js";
import { RequestLogWriter } from "./request-log-writer.js";
import { type Clock, observe, RequestObservation } from "./request-observation.js";
import { errorTypeOf, type RequestRecord } from "./request-record.js";
import type { StatsQuery } from "./stats-query.js";
import { DAY_MS, type UsageCounts, type UsageRow } from "./usage-rollup.js";
import { usageStats } from "./usage-stats.js";

export interface ObservabilityOptions {
  config: Config;
  db: SqliteDatabase;
  /** Epoch milliseconds. */
  now: () => number;
  /** Monotonic milliseconds; default performance.now. */
  clock?: Clock;
  /** Where failures that must not stop a request are reported (store writes). */
  warn: (message: string, details: Record<string, unknown>) => void;
}

/** Kept on the request itself, like its observation (see request-observation.ts). */
const TRACKED = Symbol("agate.tracked");
type Followed = { [TRACKED]?: Tracked };

/** A WebSocket turn being followed (Observability.beginTurn). */
export interface WebSocketTurn {
  observation: RequestObservation;
  /** The turn is over: its entry is written. `body` is the turn's request (kept where log_bodies is on). */
  end(outcome: { status: number; errorCode: string | null; clientClosed?: boolean }, body: unknown): void;
}

interface Tracked {
  observation: RequestObservation;
  responseBody?: string;
  finished: boolean;
}

/**
 * The observability room: follows each request (hooks in the server, the generation routes), and when its
 * answer is complete writes one structured log line, counts it in the metrics, queues it for the request log
 * and the usage statistics, and pushes it to the live feed. Nothing here runs before the first byte but
 * a few assignments.
 */
const NO_SALT = Buffer.alloc(0);

export class Observability {
  readonly metrics: GatewayMetrics;
  readonly feed = new LiveFeed<RequestRecord>();
  /** Cool-downs and sticky sessions, counted as the pool reports them. */
  readonly poolObserver: PoolObserver;
  private readonly clock: Clock;
  private readonly keys: ClientKeyLabels;
  private readonly log: SqliteRequestLogRepository;
  private readonly usage: SqliteUsageRepository;
  private readonly writer: RequestLogWriter;
  private pool: PoolView | undefined;
  private accounts: () => readonly Account[] = () => [];

  constructor(private readonly options: ObservabilityOptions) {
    const { config, db, now } = options;
    this.clock = options.clock ?? (() => performance.now());
    const keys = clientKeys(config);
    // The salt labels unnamed keys only: no store read for a gateway without keys, or with every key named.
    const unnamed = keys.some((key) => key.name === undefined);
    this.keys = new ClientKeyLabels(keys, unnamed ? clientKeySalt(db) : NO_SALT);
    this.log = new SqliteRequestLogRepository(db);
    this.usage = new SqliteUsageRepository(db);
    this.writer = new RequestLogWriter({
      log: this.log,
      usage: this.usage,
      together: db.transaction((writes: () => void) => writes()),
      now,
      retentionMs: config.request_log_retention_days * DAY_MS,
      maxRows: config.request_log_max_rows,
      onError: (error) => options.warn("a request-log write failed", { err: String(error) }),
    });
    this.metrics = new GatewayMetrics({
      status: () => this.pool?.status() ?? [],
      inFlight: () => this.pool?.inFlight() ?? 0,
      quotas: () => this.pool?.quotas() ?? new Map(),
      now,
    });
    this.poolObserver = {
      cooled: (accountId, _model, reason) => this.metrics.cooled(accountId, reason),
      sticky: (result) => this.metrics.stickySession(result),
    };
    this.writer.start();
  }

  /** The pool the gauges read and the accounts whose secrets bodies are scrubbed of (set once they exist). */
  attachPool(view: PoolView, accounts: () => readonly Account[]): void {
    this.pool = view;
    this.accounts = accounts;
  }

  /** onRequest: starts following the request; its answer's end (or the client leaving) finishes it. */
  begin(request: FastifyRequest, reply: FastifyReply): void {
    const observation = new RequestObservation(this.options.now(), this.clock(), this.clock);
    const tracked: Tracked = { observation, finished: false };
    (request as Followed)[TRACKED] = tracked;
    observe(request, observation);
    // `on`, not `once`: a response closes once, and once's wrapper costs an object and a removal per request.
    reply.raw.on("close", () => this.finish(request, reply, tracked));
  }

  /** onSend: the first byte is about to go; a JSON answer is kept when log_bodies is on. */
  sending(request: FastifyRequest, payload: unknown): void {
    const tracked = (request as Followed)[TRACKED];
    if (tracked === undefined) return;
    tracked.observation.sending();
    if (this.options.config.log_bodies && typeof payload === "string" && tracked.responseBody === undefined)
      tracked.responseBody = payload;
  }

  /** Page of the request log, newest first (what waits to be written included). */
  requests(limit: number, before?: number): RequestLogPage {
    this.writer.flush();
    return this.log.page(limit, before);
  }

  findRequest(id: string): RequestRecord | undefined {
    this.writer.flush();
    return this.log.find(id);
  }

  /** Usage rows for the query, and their total. */
  stats(query: StatsQuery): { rows: UsageRow[]; total: UsageCounts } {
    this.writer.flush();
    return usageStats(this.usage, query);
  }

  /** Deletes what retention says must go (also runs by itself every few minutes). */
  prune(): Promise<number> {
    return this.writer.prune();
  }

  close(): void {
    this.writer.close();
  }

  /**
   * A turn of a WebSocket (the Responses API's, as Codex uses it): an entry of its own in the request log,
   * as the same POST /v1/responses would have, so that its tokens count in the usage statistics and it shows
   * on the dashboard when it ends, not (with no tokens) when the session closes. `end` once, with the
   * turn's status (200, or the error's) and error code.
   */
  beginTurn(request: FastifyRequest, id: string): WebSocketTurn {
    const observation = new RequestObservation(this.options.now(), this.clock(), this.clock);
    observation.stream = true;
    let ended = false;
    return {
      observation,
      end: ({ status, errorCode, clientClosed = false }, body) => {
        if (ended) return;
        ended = true;
        observation.failed(errorCode);
        const record = this.recordOf(request, observation, {
          id,
          method: "WS",
          status,
          clientClosed,
          requestBody: body,
          responseBody: undefined,
        });
        this.logAndRecord(request, record, true);
      },
    };
  }

  private finish(request: FastifyRequest, reply: FastifyReply, tracked: Tracked): void {
    if (tracked.finished) return;
    if (tracked.observation.whenSettled(() => this.finish(request, reply, tracked))) return;
    tracked.finished = true;
    const path = urlPath(request.url);
    const admin = isAdminPath(path);
    const record = this.recordOf(request, tracked.observation, {
      id: request.id,
      method: request.method,
      // A WebSocket's upgrade is an entry for the whole connection; its turns have their own (beginTurn). An
      // upgrade refused (401, 403) is an HTTP answer like any other.
      status: request.ws && reply.statusCode < 400 ? 101 : reply.statusCode,
      clientClosed: !request.ws && !reply.raw.writableEnded,
      requestBody: request.body,
      responseBody: tracked.responseBody,
    });
    if (admin) {
      if (logsAt(request.log.level, "debug")) request.log.debug(logFields(record), "request");
      return;
    }
    this.logAndRecord(request, record, path !== "/healthz" && request.method !== "OPTIONS");
  }

  /** The request's line (a failure at info, else at debug), its metrics, and where `logged`, its entry. */
  private logAndRecord(request: FastifyRequest, record: RequestRecord, logged: boolean): void {
    // A failed request is worth a line at info; a successful one costs no logging work below debug.
    const level = logged && record.errorType !== "none" ? "info" : "debug";
    if (logsAt(request.log.level, level)) request.log[level](logFields(record), "request");
    this.metrics.record(record);
    if (!logged) return;
    this.writer.add(record, true);
    if (this.feed.size > 0) this.feed.publish(record);
  }

  private recordOf(
    request: FastifyRequest,
    observation: RequestObservation,
    entry: {
      id: string;
      method: string;
      status: number;
      clientClosed: boolean;
      requestBody: unknown;
      responseBody: string | undefined;
    },
  ): RequestRecord {
    const usage = observation.usage();
    const withBodies = this.options.config.log_bodies;
    return {
      id: entry.id,
      time: observation.time,
      method: entry.method,
      route: request.routeOptions.url ?? "unmatched",
      clientKey: this.keys.labelOf(request.headers),
      requestedModel: observation.requestedModel,
      mappedModel: observation.mappedModel,
      accountId: observation.account?.id ?? null,
      accountLabel: observation.account?.label ?? null,
      attempts: observation.attempts,
      status: entry.status,
      errorCode: observation.errorCode,
      errorType: errorTypeOf(entry.status, observation.errorCode, entry.clientClosed),
      ttfbMs: observation.ttfbMs(),
      totalMs: Math.max(0, this.clock() - observation.startedAt),
      overheadMs: observation.overheadMs(),
      promptTokens: usage.inputTokens,
      completionTokens: usage.outputTokens,
      reasoningTokens: usage.reasoningTokens,
      cachedTokens: usage.cachedTokens,
      stream: observation.stream || request.ws,
      requestBody: withBodies ? this.redact(entry.requestBody) : null,
      responseBody: withBodies ? this.redact(entry.responseBody) : null,
    };
  }

  private redact(body: unknown): string | null {
    const { config } = this.options;
    const secrets = clientKeyStrings(config);
    for (const secret of [config.admin_key, config.compaction_secret, config.oauth_client_secret])
      if (secret !== undefined) secrets.push(secret);
    for (const account of this.accounts()) {
      if (account.credentials.apiKey !== "") secrets.push(account.credentials.apiKey);
      if (account.credentials.refreshToken !== undefined) secrets.push(account.credentials.refreshToken);
    }
    return redactBody(body, { maxBytes: config.log_body_max_bytes, secrets });
  }
}

/** The structured log line of a request: the request-log fields (bodies left out), rounded. */
function logFields(record: RequestRecord): Record<string, unknown> {
  return {
    method: record.method,
    route: record.route,
    status: record.status,
    ms: Math.round(record.totalMs),
    ttfbMs: record.ttfbMs === null ? null : Math.round(record.ttfbMs),
    overheadMs: record.overheadMs === null ? null : Math.round(record.overheadMs),
    clientKey: record.clientKey,
    requestedModel: record.requestedModel,
    mappedModel: record.mappedModel,
    account: record.accountId,
    accountLabel: record.accountLabel,
    attempts: record.attempts,
    errorCode: record.errorCode,
    errorType: record.errorType,
    stream: record.stream,
    tokens: {
      prompt: record.promptTokens,
      completion: record.completionTokens,
      reasoning: record.reasoningTokens,
      cached: record.cachedTokens,
    },
  };
}
