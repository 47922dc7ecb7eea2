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
  `CREATE TABLE request_log (
     seq INTEGER PRIMARY KEY,
     id TEXT NOT NULL,
     time INTEGER NOT NULL,
     method TEXT NOT NULL,
     route TEXT NOT NULL,
     client_key TEXT,
     requested_model TEXT,
     mapped_model TEXT,
     account_id TEXT,
     account_label TEXT,
     attempts INTEGER NOT NULL,
     status INTEGER NOT NULL,
     error_code TEXT,
     error_type TEXT NOT NULL,
     ttfb_ms INTEGER,
     total_ms INTEGER NOT NULL,
     overhead_ms INTEGER,
     prompt_tokens INTEGER NOT NULL,
     completion_tokens INTEGER NOT NULL,
     reasoning_tokens INTEGER NOT NULL,
     cached_tokens INTEGER NOT NULL,
     stream INTEGER NOT NULL,
     request_body TEXT,
     response_body TEXT
   );
   CREATE INDEX request_log_time ON request_log (time);
   CREATE INDEX request_log_id ON request_log (id);
   CREATE TABLE usage_hourly (
     hour INTEGER NOT NULL,
     account_id TEXT NOT NULL,
     model TEXT NOT NULL,
     requests INTEGER NOT NULL,
     errors INTEGER NOT NULL,
     prompt_tokens INTEGER NOT NULL,
     completion_tokens INTEGER NOT NULL,
     reasoning_tokens INTEGER NOT NULL,
     cached_tokens INTEGER NOT NULL,
     latency_ms INTEGER NOT NULL,
     PRIMARY KEY (hour, account_id, model)
   );`,
  `CREATE TABLE account_requests (
     account_id TEXT NOT NULL,
     day TEXT NOT NULL,
     requests INTEGER NOT NULL,
     PRIMARY KEY (account_id, day)
   );
   CREATE TABLE account_quota (
     account_id TEXT NOT NULL,
     model TEXT NOT NULL,
     remaining_fraction REAL,
     reset_at INTEGER,
     updated_at INTEGER NOT NULL,
     PRIMARY KEY (account_id, model)
   );
   CREATE TABLE model_mapping_overrides (
     pattern TEXT PRIMARY KEY,
     target TEXT,
     updated_at INTEGER NOT NULL
   );
   CREATE TABLE store_meta (
     key TEXT PRIMARY KEY,
     value TEXT NOT NULL
   );`,
  // Each item's JSON once: it is in its response's row (input_items or the response's output); the index
  // only says which response holds an id. A 1 MB history was written twice before (≈ 2× the commit time).
  `CREATE TABLE response_item_index (
     item_id TEXT PRIMARY KEY,
     response_id TEXT NOT NULL REFERENCES responses (id) ON DELETE CASCADE
   ) WITHOUT ROWID;
   CREATE INDEX response_item_index_response ON response_item_index (response_id);
   INSERT INTO response_item_index (item_id, response_id)
     SELECT item_id, response_id FROM response_items WHERE response_id IN (SELECT id FROM responses);
   DROP TABLE response_items;`,
  // A response's output apart from the rest of it (the echoed request, often tools of several KB): a
  // continuation reads the items of every earlier response in its chain, and now parses only those. Rows
  // from before keep their output inside `response` (output_items NULL).
  `ALTER TABLE responses ADD COLUMN output_items TEXT;`,
  // Only the prune read the request log by time, and rows go in about in time order: it now finds the old
  // ones by their sequence (request-log-repository.ts). The index cost each row one more b-tree insert and
  // its pages in the WAL: 128-row flushes 5.7–8.8 µs a row with it, 4.9–5.8 without.
  `DROP INDEX request_log_time;`,
  // The echoed instructions and tools, once for all the responses that echo them (an agent sends the same
  // ≈ 20 KB every turn, and each stored response kept them in its row). Rows from before keep them inline.
  `CREATE TABLE response_echoes (
     id TEXT PRIMARY KEY,
     instructions TEXT NOT NULL,
     tools TEXT NOT NULL
   ) WITHOUT ROWID;
   ALTER TABLE responses ADD COLUMN echo_id TEXT;
   CREATE INDEX responses_echo ON responses (echo_id) WHERE echo_id IS NOT NULL;`,
  // When the stored access token was asked for: after a 401, a process takes another's token only when it
  // was obtained after the refused one was handed out (access-tokens.ts). NULL for tokens from before.
  `ALTER TABLE oauth_state ADD COLUMN token_obtained_at INTEGER;`,
  // How many responses were ever deleted, by any process: a process walks a conversation through the links
  // it holds in memory, without reading the table, while this count is the one it last read with them
  // (responses-repository.ts). A REPLACE of a row does not fire the trigger (recursive_triggers is off).
  `CREATE TABLE response_deletions (count INTEGER NOT NULL);
   INSERT INTO response_deletions (count) VALUES (0);
   CREATE TRIGGER responses_deleted AFTER DELETE ON responses
   BEGIN
     UPDATE response_deletions SET count = count + 1;
   END;`,
  // How many times the accounts or the model mapping changed, by any process: a gateway re-reads them only
  // when this moved (store-watcher.ts), not after every commit of another process (a cluster's workers
  // commit request-log rows, usage and tokens all the time). A trigger fires once a row: the count only
  // ever grows, by one or more a change. `logged`: the count up to which a gateway process has logged what
  // changed, so that the first of a cluster's workers to see a change says so, and the others do not.
  `CREATE TABLE serving_changes (count INTEGER NOT NULL, logged INTEGER NOT NULL);
   INSERT INTO serving_changes (count, logged) VALUES (0, 0);
   CREATE TRIGGER accounts_inserted AFTER INSERT ON accounts
   BEGIN UPDATE serving_changes SET count = count + 1; END;
   CREATE TRIGGER accounts_updated AFTER UPDATE ON accounts
   BEGIN UPDATE serving_changes SET count = count + 1; END;
   CREATE TRIGGER accounts_deleted AFTER DELETE ON accounts
   BEGIN UPDATE serving_changes SET count = count + 1; END;
   CREATE TRIGGER mapping_inserted AFTER INSERT ON model_mapping_overrides
   BEGIN UPDATE serving_changes SET count = count + 1; END;
   CREATE TRIGGER mapping_updated AFTER UPDATE ON model_mapping_overrides
   BEGIN UPDATE serving_changes SET count = count + 1; END;
   CREATE TRIGGER mapping_deleted AFTER DELETE ON model_mapping_overrides
   BEGIN UPDATE serving_changes SET count = count + 1; END;`,
];
