import type { ErrorType, RequestRecord } from "../observability/request-record.js";
import type { SqliteDatabase, SqliteStatement } from "./database.js";

/** A page of the request log, newest first, and the cursor for the next (older) page. */
export interface RequestLogPage {
  records: RequestRecord[];
  /** Pass as `before` for the next page; undefined on the last one. */
  next?: number;
}

/** The request log, persisted. No SQL in the signature. */
export interface RequestLogRepository {
  append(records: readonly RequestRecord[]): void;
  /** Newest first; `before` is a cursor from an earlier page. */
  page(limit: number, before?: number): RequestLogPage;
  find(id: string): RequestRecord | undefined;
  /**
   * Deletes at most `chunk` of the entries older than `olderThan` or beyond the newest `maxRows`; returns
   * how many went (call again while it returns `chunk`).
   */
  prune(olderThan: number, maxRows: number, chunk: number): number;
  count(): number;
}

interface Row {
  seq: number;
  id: string;
  time: number;
  method: string;
  route: string;
  client_key: string | null;
  requested_model: string | null;
  mapped_model: string | null;
  account_id: string | null;
  account_label: string | null;
  attempts: number;
  status: number;
  error_code: string | null;
  error_type: string;
  ttfb_ms: number | null;
  total_ms: number;
  overhead_ms: number | null;
  prompt_tokens: number;
  completion_tokens: number;
  reasoning_tokens: number;
  cached_tokens: number;
  stream: number;
  request_body: string | null;
  response_body: string | null;
}

/** The inserted columns, in the order of `rowValues`. */
const COLUMN_NAMES = [
  ...["id", "time", "method", "route", "client_key", "requested_model", "mapped_model", "account_id"],
  ...["account_label", "attempts", "status", "error_code", "error_type", "ttfb_ms", "total_ms"],
  ...["overhead_ms", "prompt_tokens", "completion_tokens", "reasoning_tokens", "cached_tokens", "stream"],
  ...["request_body", "response_body"],
] as const satisfies readonly (keyof Omit<Row, "seq">)[];
const COLUMNS = COLUMN_NAMES.join(", ");
/**
 * Rows per INSERT statement. One statement of 16 rows costs ≈ 30% less per row than 16 statements of one
 * (`node bench/request-log-batch.mjs`), and 16 × 23 parameters stay far below SQLite's limit.
 */
const ROWS_PER_INSERT = 16;

export class SqliteRequestLogRepository implements RequestLogRepository {
  /** INSERT statements by their number of rows (1 to ROWS_PER_INSERT), prepared when first needed. */
  private readonly inserts: SqliteStatement[] = [];
  private readonly selectPage;
  private readonly selectOne;
  private readonly deleteOld;
  private readonly seqBeyond;
  private readonly deleteUpTo;
  private readonly selectCount;

  constructor(private readonly db: SqliteDatabase) {
    this.selectPage = db.prepare<[number, number], Row>(
      "SELECT * FROM request_log WHERE seq < ? ORDER BY seq DESC LIMIT ?",
    );
    this.selectOne = db.prepare<[string], Row>("SELECT * FROM request_log WHERE id = ? ORDER BY seq DESC");
    // Without an index on time: the oldest `chunk` rows by sequence are read, and the old ones among them go.
    this.deleteOld = db.prepare<[number, number]>(
      `DELETE FROM request_log WHERE seq IN
         (SELECT seq FROM (SELECT seq, time FROM request_log ORDER BY seq LIMIT ?) WHERE time < ?)`,
    );
    this.seqBeyond = db.prepare<[number], { seq: number }>(
      "SELECT seq FROM request_log ORDER BY seq DESC LIMIT 1 OFFSET ?",
    );
    this.deleteUpTo = db.prepare<[number, number]>(
      "DELETE FROM request_log WHERE seq IN (SELECT seq FROM request_log WHERE seq <= ? ORDER BY seq LIMIT ?)",
    );
    this.selectCount = db.prepare<[], { count: number }>("SELECT count(*) AS count FROM request_log");
  }

  append(records: readonly RequestRecord[]): void {
    if (records.length === 0) return;
    this.db.transaction(() => {
      for (let start = 0; start < records.length; start += ROWS_PER_INSERT) {
        const end = Math.min(start + ROWS_PER_INSERT, records.length);
        const values: unknown[] = [];
        for (let index = start; index < end; index++) pushRowValues(values, records[index] as RequestRecord);
        // Spread, not an array: better-sqlite3 binds an array's items ≈ 10% slower per row.
        this.insertOf(end - start).run(...values);
      }
    })();
  }

  private insertOf(rows: number): SqliteStatement {
    let statement = this.inserts[rows];
    if (statement === undefined) {
      // Positional parameters: binding 23 named ones costs more than the insert itself.
      const row = `(${COLUMN_NAMES.map(() => "?").join(", ")})`;
      statement = this.db.prepare(
        `INSERT INTO request_log (${COLUMNS}) VALUES ${Array(rows).fill(row).join(", ")}`,
      );
      this.inserts[rows] = statement;
    }
    return statement;
  }

  page(limit: number, before = Number.MAX_SAFE_INTEGER): RequestLogPage {
    const rows = this.selectPage.all(before, limit);
    const last = rows.at(-1);
    return {
      records: rows.map(toRecord),
      ...(rows.length === limit && last !== undefined ? { next: last.seq } : {}),
    };
  }

  find(id: string): RequestRecord | undefined {
    const row = this.selectOne.get(id);
    return row === undefined ? undefined : toRecord(row);
  }

  /**
   * Rows go in about in the order their requests arrived (a request's time is its arrival, its row is
   * written when it ends), so the old ones are the first by sequence: each step reads the oldest `chunk`
   * rows and deletes the old ones among them, and fewer than `chunk` means the young ones have begun. An
   * old row behind more than `chunk` young ones (a request that outlasted thousands after it) waits for them.
   */
  prune(olderThan: number, maxRows: number, chunk: number): number {
    const old = this.deleteOld.run(chunk, olderThan).changes;
    if (old >= chunk) return old;
    const boundary = this.seqBeyond.get(maxRows);
    return old + (boundary === undefined ? 0 : this.deleteUpTo.run(boundary.seq, chunk - old).changes);
  }

  count(): number {
    return this.selectCount.get()?.count ?? 0;
  }
}

/**
 * Appends a record's values in the order of COLUMN_NAMES (the request log's test reads every column back).
 */
function pushRowValues(values: unknown[], record: RequestRecord): void {
  values.push(
    record.id,
    record.time,
    record.method,
    record.route,
    record.clientKey,
    record.requestedModel,
    record.mappedModel,
    record.accountId,
    record.accountLabel,
    record.attempts,
    record.status,
    record.errorCode,
    record.errorType,
    record.ttfbMs === null ? null : Math.round(record.ttfbMs),
    Math.round(record.totalMs),
    record.overheadMs === null ? null : Math.round(record.overheadMs),
    record.promptTokens,
    record.completionTokens,
    record.reasoningTokens,
    record.cachedTokens,
    record.stream ? 1 : 0,
    record.requestBody,
    record.responseBody,
  );
}

function toRecord(row: Row): RequestRecord {
  return {
    id: row.id,
    time: row.time,
    method: row.method,
    route: row.route,
    clientKey: row.client_key,
    requestedModel: row.requested_model,
    mappedModel: row.mapped_model,
    accountId: row.account_id,
    accountLabel: row.account_label,
    attempts: row.attempts,
    status: row.status,
    errorCode: row.error_code,
    errorType: row.error_type as ErrorType,
    ttfbMs: row.ttfb_ms,
    totalMs: row.total_ms,
    overheadMs: row.overhead_ms,
    promptTokens: row.prompt_tokens,
    completionTokens: row.completion_tokens,
    reasoningTokens: row.reasoning_tokens,
    cachedTokens: row.cached_tokens,
    stream: row.stream === 1,
    requestBody: row.request_body,
    responseBody: row.response_body,
  };
}
