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
];
