import type { Account, AccountCredentials, AccountKind } from "../pool/account.js";
import type { SqliteDatabase } from "./database.js";

/** Accounts, persisted. Free of SQL in its signature so another backend can implement it. */
export interface AccountsRepository {
  list(): Account[];
  /** Inserts or updates the declared fields; a stored disabledReason is left as it is. */
  upsert(account: Account): void;
  /** Removes accounts of `source` whose id is not in `keep` (accounts dropped from the config file). */
  pruneSource(source: Account["source"], keep: ReadonlySet<string>): number;
  /** Records why agate turned the account off, or (undefined) clears it. */
  setDisabledReason(id: string, reason: string | undefined): void;
}

interface AccountRow {
  id: string;
  kind: string;
  label: string;
  enabled: number;
  base_url: string | null;
  credentials: string;
  source: string;
  settings: string;
  disabled_reason: string | null;
}

/** The non-secret, kind-specific fields, kept as JSON in `settings`. */
type Settings = Pick<Account, "proxyUrl" | "maxConcurrent" | "projectId" | "baseUrls" | "models">;
const SETTING_KEYS = ["proxyUrl", "maxConcurrent", "projectId", "baseUrls", "models"] as const;

export class SqliteAccountsRepository implements AccountsRepository {
  private readonly selectAll;
  private readonly upsertOne;
  private readonly selectIdsBySource;
  private readonly deleteOne;
  private readonly updateReason;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => number = Date.now,
  ) {
    this.selectAll = db.prepare<[], AccountRow>("SELECT * FROM accounts ORDER BY created_at, rowid");
    this.upsertOne = db.prepare(
      `INSERT INTO accounts (id, kind, label, enabled, base_url, credentials, source, settings, created_at, updated_at)
       VALUES (@id, @kind, @label, @enabled, @base_url, @credentials, @source, @settings, @now, @now)
       ON CONFLICT(id) DO UPDATE SET kind = @kind, label = @label, enabled = @enabled, base_url = @base_url,
         credentials = @credentials, source = @source, settings = @settings, updated_at = @now`,
    );
    this.selectIdsBySource = db.prepare<[string], { id: string }>("SELECT id FROM accounts WHERE source = ?");
    this.deleteOne = db.prepare<[string]>("DELETE FROM accounts WHERE id = ?");
    this.updateReason = db.prepare<[string | null, number, string]>(
      "UPDATE accounts SET disabled_reason = ?, updated_at = ? WHERE id = ?",
    );
  }

  list(): Account[] {
    return this.selectAll.all().map(toAccount);
  }

  upsert(account: Account): void {
    const settings: Settings = {};
    for (const key of SETTING_KEYS)
      if (account[key] !== undefined) Object.assign(settings, { [key]: account[key] });
    this.upsertOne.run({
      id: account.id,
      kind: account.kind,
      label: account.label,
      enabled: account.enabled ? 1 : 0,
      base_url: account.baseUrl ?? null,
      credentials: JSON.stringify(account.credentials),
      source: account.source,
      settings: JSON.stringify(settings),
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

  setDisabledReason(id: string, reason: string | undefined): void {
    this.updateReason.run(reason ?? null, this.now(), id);
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
    ...(JSON.parse(row.settings) as Settings),
  };
  if (row.base_url !== null) account.baseUrl = row.base_url;
  if (row.disabled_reason !== null) account.disabledReason = row.disabled_reason;
  return account;
}
