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
  `ALTER TABLE accounts ADD COLUMN settings TEXT NOT NULL DEFAULT '{}';
   ALTER TABLE accounts ADD COLUMN disabled_reason TEXT;
   CREATE TABLE oauth_state (
     account_id TEXT PRIMARY KEY,
     access_token TEXT,
     expires_at INTEGER,
     project_id TEXT,
     updated_at INTEGER NOT NULL
   );
   CREATE INDEX sessions_updated_at ON sessions (updated_at);`,
  `CREATE TABLE responses (
     id TEXT PRIMARY KEY,
     created_at INTEGER NOT NULL,
     previous_response_id TEXT,
     session_key TEXT,
     account_id TEXT,
     input_items TEXT NOT NULL,
     response TEXT NOT NULL
   );
   CREATE INDEX responses_created_at ON responses (created_at);
   CREATE TABLE response_items (
     item_id TEXT PRIMARY KEY,
     response_id TEXT NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
     item TEXT NOT NULL
   );
   CREATE INDEX response_items_response ON response_items (response_id);`,
];
