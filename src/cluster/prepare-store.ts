import type { Config } from "../config/schema.js";
import { syncDeclaredAccounts } from "../pool/accounts-from-config.js";
import { compactionKeySource } from "../server/compaction-key.js";
import { SqliteAccountsRepository } from "../store/accounts-repository.js";
import { openDatabase } from "../store/database.js";
import { openSecretCodec } from "../store/secret-codec.js";

/**
 * What must be made once before the workers start, so that they do not race to make it: the store's schema
 * (migrations), the secret codec's salt (and a wrong secret_key reported once), the declared accounts, and
 * the compaction key file. Throws what a single process would throw at start-up.
 */
export function prepareStore(config: Config, warn: (message: string) => void): void {
  const db = openDatabase(config.data_dir);
  try {
    const codec = openSecretCodec(db, config.secret_key);
    syncDeclaredAccounts(new SqliteAccountsRepository(db, Date.now, codec), config.accounts);
  } finally {
    db.close();
  }
  compactionKeySource(config, warn)();
}
