import type { Account, AccountCredentials, AccountKind } from "../pool/account.js";
import type { SqliteDatabase } from "./database.js";

/** Accounts, persisted. Free of SQL in its signature so another backend can implement it. */
export interface AccountsRepository {
  list(): Account[];
  upsert(account: Account): void;
  /** Removes accounts of `source` whose id is not in `keep` (accounts dropped from the config file). */
  pruneSource(source: Account["source"], keep: ReadonlySet<string>): number;
}

interface AccountRow {
  id: string;
  kind: string;
  label: string;
  enabled: number;
  base_url: string | null;
  credentials: string;
  source: string;
}

export class SqliteAccountsRepository implements AccountsRepository {
  private readonly selectAll;
  private readonly upsertOne;
  private readonly selectIdsBySource;
  private readonly deleteOne;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => number = Date.now,
  ) {
    this.selectAll = db.prepare<[], AccountRow>("SELECT * FROM accounts ORDER BY created_at, rowid");
    this.upsertOne = db.prepare(
      `INSERT INTO accounts (id, kind, label, enabled, base_url, credentials, source, created_at, updated_at)
       VALUES (@id, @kind, @label, @enabled, @base_url, @credentials, @source, @now, @now)
       ON CONFLICT(id) DO UPDATE SET kind = @kind, label = @label, enabled = @enabled, base_url = @base_url,
         credentials = @credentials, source = @source, updated_at = @now`,
    );
    this.selectIdsBySource = db.prepare<[string], { id: string }>("SELECT id FROM accounts WHERE source = ?");
    this.deleteOne = db.prepare<[string]>("DELETE FROM accounts WHERE id = ?");
  }

  list(): Account[] {
    return this.selectAll.all().map(toAccount);
  }

  upsert(account: Account): void {
    this.upsertOne.run({
      id: account.id,
      kind: account.kind,
      label: account.label,
      enabled: account.enabled ? 1 : 0,
      base_url: account.baseUrl ?? null,
      credentials: JSON.stringify(account.credentials),
      source: account.source,
      now: this.now(),
    });
  }

  pruneSource(source: Account["source"], keep: ReadonlySet<string>): number {
    const stale = this.selectIdsBySource.all(source).filter((row) => !keep.has(row.id));
    this.db.transaction(() => {
      for (const row of stale) this.deleteOne.run(row.id);
    })();
    return stale.length;
  }
}

function toAccount(row: AccountRow): Account {
  const account: Account = {
    id: row.id,
    kind: row.kind as AccountKind,
    label: row.label,
    enabled: row.enabled === 1,
    credentials: JSON.parse(row.credentials) as AccountCredentials,
    source: row.source as Account["source"],
  };
  if (row.base_url !== null) account.baseUrl = row.base_url;
  return account;
}
