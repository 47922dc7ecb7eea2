/** Schema migrations, applied in order; PRAGMA user_version records how many ran. Append only. */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE accounts (
     id TEXT PRIMARY KEY,
     kind TEXT NOT NULL,
     label TEXT NOT NULL,
     enabled INTEGER NOT NULL DEFAULT 1,
     base_url TEXT,
     credentials TEXT NOT NULL,
     source TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   );`,
  `CREATE TABLE tool_signatures (
     tool_call_id TEXT PRIMARY KEY,
     signature TEXT NOT NULL,
     created_at INTEGER NOT NULL
   );
   CREATE INDEX tool_signatures_created_at ON tool_signatures (created_at);
   CREATE TABLE cooldowns (
     account_id TEXT NOT NULL,
     model TEXT NOT NULL DEFAULT '',
     until INTEGER NOT NULL,
     reason TEXT NOT NULL,
     PRIMARY KEY (account_id, model)
   );
   CREATE TABLE sessions (
     session_key TEXT PRIMARY KEY,
     account_id TEXT NOT NULL,
     updated_at INTEGER NOT NULL
   );`,
];
