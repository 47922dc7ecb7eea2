import type { SqliteDatabase } from "./database.js";

/**
 * Run-time changes to model_mapping (admin API), laid over the config file's mapping: a pattern with a
 * target sets it, a pattern with null removes the config file's entry. No SQL in the signature.
 */
export interface ModelMappingRepository {
  overrides(): Record<string, string | null>;
  /** Replaces every override at once. */
  replace(overrides: Readonly<Record<string, string | null>>): void;
}

export class SqliteModelMappingRepository implements ModelMappingRepository {
  private readonly selectAll;
  private readonly deleteAll;
  private readonly insertOne;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => number = Date.now,
  ) {
    this.selectAll = db.prepare<[], { pattern: string; target: string | null }>(
      "SELECT pattern, target FROM model_mapping_overrides ORDER BY pattern",
    );
    this.deleteAll = db.prepare("DELETE FROM model_mapping_overrides");
    this.insertOne = db.prepare<[string, string | null, number]>(
      "INSERT INTO model_mapping_overrides (pattern, target, updated_at) VALUES (?, ?, ?)",
    );
  }

  overrides(): Record<string, string | null> {
    const overrides: Record<string, string | null> = {};
    for (const row of this.selectAll.all()) setEntry(overrides, row.pattern, row.target);
    return overrides;
  }

  replace(overrides: Readonly<Record<string, string | null>>): void {
    const now = this.now();
    this.db.transaction(() => {
      this.deleteAll.run();
      for (const [pattern, target] of Object.entries(overrides)) this.insertOne.run(pattern, target, now);
    })();
  }
}

/** Sets a key safely even when it is `__proto__` or another Object.prototype name. */
export function setEntry<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}
