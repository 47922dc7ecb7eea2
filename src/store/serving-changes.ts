import type { SqliteDatabase } from "./database.js";

/**
 * How many times the accounts or the model mapping were changed, by any process: triggers on their tables
 * count every row written (the serving_changes migration), so the number moves with each change and with
 * nothing else. Beside it, how far a gateway process has logged those changes.
 */
export class ServingChanges {
  private readonly selectCount;
  private readonly updateLogged;

  constructor(db: SqliteDatabase) {
    this.selectCount = db.prepare<[], number>("SELECT count FROM serving_changes").pluck();
    this.updateLogged = db.prepare<{ seen: number }>(
      "UPDATE serving_changes SET logged = @seen WHERE logged < @seen",
    );
  }

  count(): number {
    return this.selectCount.get() ?? 0;
  }

  /**
   * Takes the logging of the changes up to `seen` (a count read before the changes were re-read): true for
   * the first process to ask, false once another has taken them all. A process that saw more changes than
   * the one before it still gets them, so none goes unlogged; two changes close together may be said twice.
   */
  claimLogging(seen: number): boolean {
    return this.updateLogged.run({ seen }).changes > 0;
  }
}
