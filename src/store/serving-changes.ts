import type { SqliteDatabase } from "./database.js";

/**
 * How many times the accounts or the model mapping were changed, by any process: triggers on their tables
 * count every row written (migration 13), so the number moves with each change and with nothing else.
 */
export class ServingChanges {
  private readonly selectCount;

  constructor(db: SqliteDatabase) {
    this.selectCount = db.prepare<[], number>("SELECT count FROM serving_changes").pluck();
  }

  count(): number {
    return this.selectCount.get() ?? 0;
  }
}
