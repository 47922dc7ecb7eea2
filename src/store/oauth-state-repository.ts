import type { SqliteDatabase } from "./database.js";
import { isSealed, PLAIN_CODEC, type SecretCodec } from "./secret-codec.js";

/** What agate learned about an OAuth account at run time: its current access token and its project. */
export interface OAuthState {
  accessToken?: string;
  /** Epoch milliseconds. */
  expiresAt?: number;
  /** Epoch milliseconds: when the access token was asked for (stored before agate kept this: unknown). */
  obtainedAt?: number;
  projectId?: string;
}

/** Per-account OAuth state, persisted so a restart neither refreshes nor rediscovers needlessly. */
export interface OAuthStateRepository {
  get(accountId: string): OAuthState | undefined;
  /** `obtainedAt`: when the token was asked for; the time of the write when not given. */
  saveToken(accountId: string, accessToken: string, expiresAt: number, obtainedAt?: number): void;
  saveProject(accountId: string, projectId: string): void;
  /** The project found for each account that has one (for listings). */
  projects(): Map<string, string>;
}

interface Row {
  access_token: string | null;
  expires_at: number | null;
  token_obtained_at: number | null;
  project_id: string | null;
}

export class SqliteOAuthStateRepository implements OAuthStateRepository {
  private readonly selectOne;
  private readonly upsertToken;
  private readonly upsertProject;
  private readonly selectProjects;

  constructor(
    db: SqliteDatabase,
    private readonly now: () => number = Date.now,
    private readonly codec: SecretCodec = PLAIN_CODEC,
  ) {
    this.selectOne = db.prepare<[string], Row>(
      "SELECT access_token, expires_at, token_obtained_at, project_id FROM oauth_state WHERE account_id = ?",
    );
    this.upsertToken = db.prepare<[string, string, number, number, number]>(
      `INSERT INTO oauth_state (account_id, access_token, expires_at, token_obtained_at, updated_at)
       VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(account_id) DO UPDATE SET access_token = excluded.access_token,
         expires_at = excluded.expires_at, token_obtained_at = excluded.token_obtained_at,
         updated_at = excluded.updated_at`,
    );
    this.upsertProject = db.prepare<[string, string, number]>(
      `INSERT INTO oauth_state (account_id, project_id, updated_at) VALUES (?, ?, ?)
       ON CONFLICT(account_id) DO UPDATE SET project_id = excluded.project_id, updated_at = excluded.updated_at`,
    );
    this.selectProjects = db.prepare<[], { account_id: string; project_id: string }>(
      "SELECT account_id, project_id FROM oauth_state WHERE project_id IS NOT NULL",
    );
    if (codec.encrypts) sealPlaintextTokens(db, codec);
  }

  get(accountId: string): OAuthState | undefined {
    const row = this.selectOne.get(accountId);
    if (row === undefined) return undefined;
    const state: OAuthState = {};
    if (row.access_token !== null) state.accessToken = this.codec.open(row.access_token);
    if (row.expires_at !== null) state.expiresAt = row.expires_at;
    if (row.token_obtained_at !== null) state.obtainedAt = row.token_obtained_at;
    if (row.project_id !== null) state.projectId = row.project_id;
    return state;
  }

  saveToken(accountId: string, accessToken: string, expiresAt: number, obtainedAt?: number): void {
    const now = this.now();
    this.upsertToken.run(accountId, this.codec.seal(accessToken), expiresAt, obtainedAt ?? now, now);
  }

  saveProject(accountId: string, projectId: string): void {
    this.upsertProject.run(accountId, projectId, this.now());
  }

  projects(): Map<string, string> {
    return new Map(this.selectProjects.all().map((row) => [row.account_id, row.project_id]));
  }
}

/** With a secret_key newly set, seals the access tokens stored before it. */
function sealPlaintextTokens(db: SqliteDatabase, codec: SecretCodec): void {
  const rows = db
    .prepare<[], { account_id: string; access_token: string }>(
      "SELECT account_id, access_token FROM oauth_state WHERE access_token IS NOT NULL",
    )
    .all()
    .filter((row) => !isSealed(row.access_token));
  const update = db.prepare<[string, string]>("UPDATE oauth_state SET access_token = ? WHERE account_id = ?");
  db.transaction(() => {
    for (const row of rows) update.run(codec.seal(row.access_token), row.account_id);
  })();
}
