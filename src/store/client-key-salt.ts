import { randomBytes } from "node:crypto";
import type { SqliteDatabase } from "./database.js";

const SALT_KEY = "client_key_label_salt";

/**
 * The store's salt for client key labels (observability/client-key.ts): made once, at random, and kept in
 * store_meta, so that a key has the same label in every process on the store and across restarts. Made by
 * whichever process comes first (INSERT OR IGNORE, then a read, in one transaction); the others, and every
 * later start, read it.
 */
export function clientKeySalt(db: SqliteDatabase): Buffer {
  const read = db.prepare<[string], { value: string }>("SELECT value FROM store_meta WHERE key = ?");
  // Made once: every later start only reads it, with no write lock.
  const value =
    read.get(SALT_KEY)?.value ??
    db
      .transaction(() => {
        db.prepare<[string, string]>("INSERT OR IGNORE INTO store_meta (key, value) VALUES (?, ?)").run(
          SALT_KEY,
          randomBytes(32).toString("base64"),
        );
        return read.get(SALT_KEY)?.value;
      })
      .immediate();
  if (value === undefined) throw new Error("the store kept no client key salt");
  return Buffer.from(value, "base64");
}
