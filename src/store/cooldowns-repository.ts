import type { SqliteDatabase } from "./database.js";

/** One resting (account, model) pair; model "" means the whole account. */
export interface CooldownRecord {
  accountId: string;
  model: string;
  /** Epoch milliseconds. */
  until: number;
  reason: string;
}

/** Cool-downs, persisted so a restart does not hammer a resting account. No SQL in the signature. */
export interface CooldownsRepository {
  /** Every record still in force at `now`. */
  active(now: number): CooldownRecord[];
  save(record: CooldownRecord): void;
  remove(accountId: string, model: string): void;
  /** Forgets records that ended before `now`. */
  removeExpired(now: number): number;
}

export class SqliteCooldownsRepository implements CooldownsRepository {
  private readonly selectActive;
  private readonly upsert;
  private readonly deleteOne;
  private readonly deleteExpired;

  constructor(db: SqliteDatabase) {
    this.selectActive = db.prepare<
      [number],
      { account_id: string; model: string; until: number; reason: string }
    >("SELECT account_id, model, until, reason FROM cooldowns WHERE until > ?");
    this.upsert = db.prepare<[string, string, number, string]>(
      `INSERT INTO cooldowns (account_id, model, until, reason) VALUES (?, ?, ?, ?)
       ON CONFLICT(account_id, model) DO UPDATE SET until = excluded.until, reason = excluded.reason`,
    );
    this.deleteOne = db.prepare<[string, string]>("DELETE FROM cooldowns WHERE account_id = ? AND model = ?");
    this.deleteExpired = db.prepare<[number]>("DELETE FROM cooldowns WHERE until <= ?");
  }

  active(now: number): CooldownRecord[] {
    return this.selectActive.all(now).map((row) => ({
      accountId: row.account_id,
      model: row.model,
      until: row.until,
      reason: row.reason,
    }));
  }

  save(record: CooldownRecord): void {
    this.upsert.run(record.accountId, record.model, record.until, record.reason);
  }

  remove(accountId: string, model: string): void {
    this.deleteOne.run(accountId, model);
  }

  removeExpired(now: number): number {
    return this.deleteExpired.run(now).changes;
  }
}
