import type { SqliteDatabase } from "./database.js";

/** One model's quota as the account's upstream last reported it (Cloud Code's fetchAvailableModels). */
export interface QuotaRecord {
  model: string;
  /** 0..1 of the quota left. */
  remainingFraction?: number;
  /** Epoch milliseconds. */
  resetAt?: number;
  /** Epoch milliseconds of the report. */
  updatedAt: number;
}

/**
 * What `agate accounts list` shows beside an account: upstream requests per day and the last quota report.
 * The gateway writes them; the CLI, another process, reads them. No SQL in the signature.
 */
export interface AccountActivityRepository {
  /** Adds to the per-day request counts; `day` is a UTC date, YYYY-MM-DD. */
  addRequests(day: string, counts: ReadonlyMap<string, number>): void;
  /** Requests per account id on `day`. */
  requestsOn(day: string): Map<string, number>;
  /** Replaces the account's quota report. */
  saveQuota(accountId: string, models: readonly Omit<QuotaRecord, "updatedAt">[], now: number): void;
  /** The last quota report of every account that has one. */
  quota(): Map<string, QuotaRecord[]>;
  /** Forgets counts of days before `day`. */
  pruneBefore(day: string): void;
}

interface QuotaRow {
  account_id: string;
  model: string;
  remaining_fraction: number | null;
  reset_at: number | null;
  updated_at: number;
}

export class SqliteAccountActivityRepository implements AccountActivityRepository {
  private readonly addCount;
  private readonly selectDay;
  private readonly deleteQuota;
  private readonly insertQuota;
  private readonly selectQuota;
  private readonly deleteDays;

  constructor(private readonly db: SqliteDatabase) {
    this.addCount = db.prepare<[string, string, number]>(
      `INSERT INTO account_requests (account_id, day, requests) VALUES (?, ?, ?)
       ON CONFLICT(account_id, day) DO UPDATE SET requests = requests + excluded.requests`,
    );
    this.selectDay = db.prepare<[string], { account_id: string; requests: number }>(
      "SELECT account_id, requests FROM account_requests WHERE day = ?",
    );
    this.deleteQuota = db.prepare<[string]>("DELETE FROM account_quota WHERE account_id = ?");
    this.insertQuota = db.prepare<[string, string, number | null, number | null, number]>(
      "INSERT INTO account_quota (account_id, model, remaining_fraction, reset_at, updated_at) VALUES (?, ?, ?, ?, ?)",
    );
    this.selectQuota = db.prepare<[], QuotaRow>("SELECT * FROM account_quota ORDER BY account_id, model");
    this.deleteDays = db.prepare<[string]>("DELETE FROM account_requests WHERE day < ?");
  }

  addRequests(day: string, counts: ReadonlyMap<string, number>): void {
    this.db.transaction(() => {
      for (const [accountId, count] of counts) this.addCount.run(accountId, day, count);
    })();
  }

  requestsOn(day: string): Map<string, number> {
    return new Map(this.selectDay.all(day).map((row) => [row.account_id, row.requests]));
  }

  saveQuota(accountId: string, models: readonly Omit<QuotaRecord, "updatedAt">[], now: number): void {
    this.db.transaction(() => {
      this.deleteQuota.run(accountId);
      for (const model of models)
        this.insertQuota.run(
          accountId,
          model.model,
          model.remainingFraction ?? null,
          model.resetAt ?? null,
          now,
        );
    })();
  }

  quota(): Map<string, QuotaRecord[]> {
    const byAccount = new Map<string, QuotaRecord[]>();
    for (const row of this.selectQuota.all()) {
      const record: QuotaRecord = { model: row.model, updatedAt: row.updated_at };
      if (row.remaining_fraction !== null) record.remainingFraction = row.remaining_fraction;
      if (row.reset_at !== null) record.resetAt = row.reset_at;
      byAccount.set(row.account_id, [...(byAccount.get(row.account_id) ?? []), record]);
    }
    return byAccount;
  }

  pruneBefore(day: string): void {
    this.deleteDays.run(day);
  }
}

let dayStart = 0;
let dayEnd = 0;
let dayName = "";
/**
 * The UTC date of an epoch-milliseconds time, YYYY-MM-DD: the "day" of the request counts. The last day is
 * remembered, since this runs on every upstream attempt.
 */
export function utcDay(time: number): string {
  if (time < dayStart || time >= dayEnd) {
    dayStart = Math.floor(time / 86_400_000) * 86_400_000;
    dayEnd = dayStart + 86_400_000;
    dayName = new Date(dayStart).toISOString().slice(0, 10);
  }
  return dayName;
}
