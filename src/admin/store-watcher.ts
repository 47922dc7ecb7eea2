import type { SqliteDatabase } from "../store/database.js";
import { ServingChanges } from "../store/serving-changes.js";

/**
 * Notices changes another process made to the accounts or the model mapping — `agate accounts add` while the
 * gateway runs, another cluster worker's admin API — and then runs `onChange`, which re-reads them. Every
 * `intervalMs` it reads SQLite's `PRAGMA data_version`, which moves when another connection committed
 * anything at all; only then does it read the store's count of account and mapping changes (ServingChanges),
 * so the request log, usage and tokens other processes write all the time cost no re-read.
 */
export class StoreWatcher {
  private timer: NodeJS.Timeout | undefined;
  private version: number;
  private readonly changes: ServingChanges;
  private changeCount: number;

  constructor(
    private readonly db: SqliteDatabase,
    /** Re-reads; `count` is the store's count of changes, read before (for ServingChanges.claimLogging). */
    private readonly onChange: (count: number) => void,
    private readonly onError: (error: unknown) => void = () => {},
  ) {
    this.changes = new ServingChanges(db);
    this.version = this.dataVersion();
    this.changeCount = this.changes.count();
  }

  start(intervalMs: number): void {
    this.stop();
    if (intervalMs <= 0) return;
    this.timer = setInterval(() => this.check(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * Runs `onChange` when the accounts or the model mapping changed since the last check and another
   * connection committed since; true when it ran. A re-read that fails (a busy store, a listener's error) is
   * tried again at the next check: what was seen is kept only once `onChange` has returned.
   */
  check(): boolean {
    try {
      if (!this.db.open) return false;
      const version = this.dataVersion();
      if (version === this.version) return false;
      const count = this.changes.count();
      const changed = count !== this.changeCount;
      if (changed) this.onChange(count);
      this.version = version;
      this.changeCount = count;
      return changed;
    } catch (error) {
      this.onError(error);
      return false;
    }
  }

  private dataVersion(): number {
    return this.db.pragma("data_version", { simple: true }) as number;
  }
}
