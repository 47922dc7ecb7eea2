import { type AccountActivityRepository, utcDay } from "../store/account-activity-repository.js";

/**
 * Upstream requests per account per (UTC) day, for `agate accounts list`: counted in memory on the hot path
 * and added to the store every `flushMs` (and on close), so no request waits on a write.
 */
export class RequestCounts {
  private pending = new Map<string, number>();
  private pendingDay: string | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly repository: AccountActivityRepository,
    private readonly now: () => number,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  count(accountId: string): void {
    const day = utcDay(this.now());
    if (day !== this.pendingDay) {
      this.flush();
      this.pendingDay = day;
    }
    this.pending.set(accountId, (this.pending.get(accountId) ?? 0) + 1);
  }

  start(flushMs: number): void {
    this.stop();
    this.timer = setInterval(() => this.flush(), flushMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  flush(): void {
    if (this.pending.size === 0 || this.pendingDay === undefined) return;
    const counts = this.pending;
    this.pending = new Map();
    try {
      this.repository.addRequests(this.pendingDay, counts);
    } catch (error) {
      this.onError(error);
    }
  }
}
