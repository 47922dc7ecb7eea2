import type { SqliteDatabase } from "../store/database.js";

/**
 * Notices changes another process made to the store — `agate accounts add` while the gateway runs — by
 * polling SQLite's `PRAGMA data_version` every `intervalMs`: a cheap read that changes only when another
 * connection committed. Then `onChange` re-reads what can change that way (accounts, model mapping).
 */
export class StoreWatcher {
  private timer: NodeJS.Timeout | undefined;
  private version: number;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly onChange: () => void,
    private readonly onError: (error: unknown) => void = () => {},
  ) {
    this.version = this.dataVersion();
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

  /** Runs `onChange` when another connection committed since the last check; true when it did. */
  check(): boolean {
    try {
      if (!this.db.open) return false;
      const version = this.dataVersion();
      if (version === this.version) return false;
      this.version = version;
      this.onChange();
      return true;
    } catch (error) {
      this.onError(error);
      return false;
    }
  }

  private dataVersion(): number {
    return this.db.pragma("data_version", { simple: true }) as number;
  }
}
