import { AccountBook } from "../accounts/account-book.js";
import { loadConfig } from "../config/load.js";
import type { Config } from "../config/schema.js";
import { SqliteAccountActivityRepository } from "../store/account-activity-repository.js";
import { SqliteAccountsRepository } from "../store/accounts-repository.js";
import { SqliteCooldownsRepository } from "../store/cooldowns-repository.js";
import { openDatabase, type SqliteDatabase } from "../store/database.js";
import { openSecretCodec, type SecretCodec } from "../store/secret-codec.js";

export interface AccountsFlags {
  config?: string;
}

/** The store as `agate accounts` uses it: the very file a running gateway reads (data_dir/agate.db). */
export interface AccountsStore {
  config: Config;
  db: SqliteDatabase;
  codec: SecretCodec;
  accounts: SqliteAccountsRepository;
  activity: SqliteAccountActivityRepository;
  cooldowns: SqliteCooldownsRepository;
  book: AccountBook;
  now: () => number;
  close(): void;
}

export function openAccountsStore(flags: AccountsFlags): AccountsStore {
  const config = loadConfig({
    env: process.env,
    ...(flags.config === undefined ? {} : { configFile: flags.config }),
  });
  const db = openDatabase(config.data_dir);
  try {
    const now = Date.now;
    const codec = openSecretCodec(db, config.secret_key);
    const accounts = new SqliteAccountsRepository(db, now, codec);
    return {
      config,
      db,
      codec,
      accounts,
      activity: new SqliteAccountActivityRepository(db),
      cooldowns: new SqliteCooldownsRepository(db),
      book: new AccountBook(accounts, config.accounts),
      now,
      close: () => db.close(),
    };
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Runs `action` with the store open, closing it however the action ends. */
export async function withAccountsStore<T>(
  flags: AccountsFlags,
  action: (store: AccountsStore) => Promise<T> | T,
): Promise<T> {
  const store = openAccountsStore(flags);
  try {
    return await action(store);
  } finally {
    store.close();
  }
}
