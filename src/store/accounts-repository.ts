import type { Account, AccountCredentials, AccountKind } from "../pool/account.js";
import type { SqliteDatabase } from "./database.js";
import { isSealed, PLAIN_CODEC, type SecretCodec } from "./secret-codec.js";

/** Accounts, persisted. Free of SQL in its signature so another backend can implement it. */
export interface AccountsRepository {
  list(): Account[];
  find(id: string): Account | undefined;
  /** Inserts or updates the declared fields; a stored disabledReason is left as it is. */
  upsert(account: Account): void;
  /** Removes the account and what agate kept about it (tokens, cool-downs, quota, counts); false when unknown. */
  remove(id: string): boolean;
  /** Removes accounts of `source` whose id is not in `keep` (accounts dropped from the config file). */
  pruneSource(source: Account["source"], keep: ReadonlySet<string>): number;
  /** Records why agate turned the account off, or (undefined) clears it. */
  setDisabledReason(id: string, reason: string | undefined): void;
  /** Turns the account on (clearing any reason) or off with a reason; false when unknown. */
  setEnabled(id: string, enabled: boolean, reason?: string): boolean;
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

/** The secrets of an account, kept together in `credentials` (sealed when a secret_key is set). */
interface StoredSecrets extends AccountCredentials {
  proxyUrl?: string;
}

/** The non-secret, kind-specific fields, kept as JSON in `settings`. */
type Settings = Pick<Account, "maxConcurrent" | "projectId" | "baseUrls" | "models" | "email">;
const SETTING_KEYS = ["maxConcurrent", "projectId", "baseUrls", "models", "email"] as const;

/** Tables keyed by account id whose rows go with the account. */
const ACCOUNT_TABLES = ["oauth_state", "cooldowns", "account_quota", "account_requests"] as const;

export class SqliteAccountsRepository implements AccountsRepository {
  private readonly selectAll;
  private readonly selectOne;
  private readonly upsertOne;
  private readonly selectIdsBySource;
  private readonly deleteOne;
  private readonly deleteRelated;
  private readonly updateReason;
  private readonly updateEnabled;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => number = Date.now,
    private readonly codec: SecretCodec = PLAIN_CODEC,
  ) {
    this.selectAll = db.prepare<[], AccountRow>("SELECT * FROM accounts ORDER BY created_at, rowid");
    this.selectOne = db.prepare<[string], AccountRow>("SELECT * FROM accounts WHERE id = ?");
    this.upsertOne = db.prepare(
      `INSERT INTO accounts (id, kind, label, enabled, base_url, credentials, source, settings, created_at, updated_at)
       VALUES (@id, @kind, @label, @enabled, @base_url, @credentials, @source, @settings, @now, @now)
       ON CONFLICT(id) DO UPDATE SET kind = @kind, label = @label, enabled = @enabled, base_url = @base_url,
         credentials = @credentials, source = @source, settings = @settings, updated_at = @now`,
    );
    this.selectIdsBySource = db.prepare<[string], { id: string }>("SELECT id FROM accounts WHERE source = ?");
    this.deleteOne = db.prepare<[string]>("DELETE FROM accounts WHERE id = ?");
    this.deleteRelated = ACCOUNT_TABLES.map((table) =>
      db.prepare<[string]>(`DELETE FROM ${table} WHERE account_id = ?`),
    );
    this.updateReason = db.prepare<[string | null, number, string]>(
      "UPDATE accounts SET disabled_reason = ?, updated_at = ? WHERE id = ?",
    );
    this.updateEnabled = db.prepare<[number, string | null, number, string]>(
      "UPDATE accounts SET enabled = ?, disabled_reason = ?, updated_at = ? WHERE id = ?",
    );
    if (codec.encrypts) this.sealPlaintext();
  }

  list(): Account[] {
    return this.selectAll.all().map((row) => this.toAccount(row));
  }

  find(id: string): Account | undefined {
    const row = this.selectOne.get(id);
    return row === undefined ? undefined : this.toAccount(row);
  }

  upsert(account: Account): void {
    const settings: Settings = {};
    for (const key of SETTING_KEYS)
      if (account[key] !== undefined) Object.assign(settings, { [key]: account[key] });
    const secrets: StoredSecrets = { ...account.credentials };
    if (account.proxyUrl !== undefined) secrets.proxyUrl = account.proxyUrl;
    this.upsertOne.run({
      id: account.id,
      kind: account.kind,
      label: account.label,
      enabled: account.enabled ? 1 : 0,
      base_url: account.baseUrl ?? null,
      credentials: this.codec.seal(JSON.stringify(secrets)),
      source: account.source,
      settings: JSON.stringify(settings),
      now: this.now(),
    });
  }

  remove(id: string): boolean {
    return this.db.transaction(() => {
      for (const statement of this.deleteRelated) statement.run(id);
      return this.deleteOne.run(id).changes > 0;
    })();
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

  setEnabled(id: string, enabled: boolean, reason?: string): boolean {
    const why = enabled ? null : (reason ?? null);
    return this.updateEnabled.run(enabled ? 1 : 0, why, this.now(), id).changes > 0;
  }

  /** With a secret_key newly set, seals the secrets that were stored before it. */
  private sealPlaintext(): void {
    const rows = this.db
      .prepare<[], { id: string; credentials: string }>("SELECT id, credentials FROM accounts")
      .all()
      .filter((row) => !isSealed(row.credentials));
    const update = this.db.prepare<[string, string]>("UPDATE accounts SET credentials = ? WHERE id = ?");
    this.db.transaction(() => {
      for (const row of rows) update.run(this.codec.seal(row.credentials), row.id);
    })();
  }

  private toAccount(row: AccountRow): Account {
    const { proxyUrl, ...credentials } = JSON.parse(this.codec.open(row.credentials)) as StoredSecrets;
    // Rows written before secrets were kept together hold the proxy in settings.
    const { proxyUrl: legacyProxy, ...settings } = JSON.parse(row.settings) as Settings & {
      proxyUrl?: string;
    };
    const account: Account = {
      id: row.id,
      kind: row.kind as AccountKind,
      label: row.label,
      enabled: row.enabled === 1,
      credentials,
      source: row.source as Account["source"],
      ...settings,
    };
    const proxy = proxyUrl ?? legacyProxy;
    if (proxy !== undefined) account.proxyUrl = proxy;
    if (row.base_url !== null) account.baseUrl = row.base_url;
    if (row.disabled_reason !== null) account.disabledReason = row.disabled_reason;
    return account;
  }
}
