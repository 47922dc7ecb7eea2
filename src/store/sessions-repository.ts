import type { SqliteDatabase } from "./database.js";

export interface SessionBinding {
  /** A hash: the repository never sees the client's own key or text. */
  sessionKey: string;
  accountId: string;
  /** Epoch milliseconds of the last use. */
  updatedAt: number;
}

/** Sticky sessions (conversation → account), persisted. No SQL in the signature. */
export interface SessionsRepository {
  /** Bindings used since `since`, oldest first. */
  since(since: number): SessionBinding[];
  save(binding: SessionBinding): void;
  remove(sessionKey: string): void;
  /** Forgets bindings unused since `before`, at most `limit` of them (default: all). */
  removeOlderThan(before: number, limit?: number): number;
}

export class SqliteSessionsRepository implements SessionsRepository {
  private readonly selectSince;
  private readonly upsert;
  private readonly deleteOne;
  private readonly deleteOld;

  constructor(db: SqliteDatabase) {
    this.selectSince = db.prepare<[number], { session_key: string; account_id: string; updated_at: number }>(
      "SELECT session_key, account_id, updated_at FROM sessions WHERE updated_at >= ? ORDER BY updated_at",
    );
    this.upsert = db.prepare<[string, string, number]>(
      `INSERT INTO sessions (session_key, account_id, updated_at) VALUES (?, ?, ?)
       ON CONFLICT(session_key) DO UPDATE SET account_id = excluded.account_id, updated_at = excluded.updated_at`,
    );
    this.deleteOne = db.prepare<[string]>("DELETE FROM sessions WHERE session_key = ?");
    // LIMIT -1: no limit.
    this.deleteOld = db.prepare<[number, number]>(
      "DELETE FROM sessions WHERE rowid IN (SELECT rowid FROM sessions WHERE updated_at < ? LIMIT ?)",
    );
  }

  since(since: number): SessionBinding[] {
    return this.selectSince.all(since).map((row) => ({
      sessionKey: row.session_key,
      accountId: row.account_id,
      updatedAt: row.updated_at,
    }));
  }

  save(binding: SessionBinding): void {
    this.upsert.run(binding.sessionKey, binding.accountId, binding.updatedAt);
  }

  remove(sessionKey: string): void {
    this.deleteOne.run(sessionKey);
  }

  removeOlderThan(before: number, limit = -1): number {
    return this.deleteOld.run(before, limit).changes;
  }
}
