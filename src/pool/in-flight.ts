import { onAbort } from "../upstream/on-abort.js";
/**
 * Requests in flight per account, when each account was last given one, and a way to wait for a slot
 * when every account is at its concurrency cap.
 */
export class InFlight {
  private readonly counts = new Map<string, number>();
  private readonly lastUsed = new Map<string, number>();
  private waiters: (() => void)[] = [];

  count(accountId: string): number {
    return this.counts.get(accountId) ?? 0;
  }

  total(): number {
    let total = 0;
    for (const count of this.counts.values()) total += count;
    return total;
  }

  /** Epoch milliseconds of the last request given to the account; -Infinity when never. */
  lastUsedAt(accountId: string): number {
    return this.lastUsed.get(accountId) ?? Number.NEGATIVE_INFINITY;
  }

  acquire(accountId: string, now: number): void {
    this.counts.set(accountId, this.count(accountId) + 1);
    this.lastUsed.set(accountId, now);
  }

  release(accountId: string): void {
    const count = this.count(accountId) - 1;
    if (count <= 0) this.counts.delete(accountId);
    else this.counts.set(accountId, count);
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** Resolves at the next release, after `timeoutMs` (false), or rejects when `signal` aborts. */
  waitForRelease(signal: AbortSignal, timeoutMs: number): Promise<boolean> {
    return new Promise((resolve, reject) => {
      let stopWatching: () => void = () => undefined;
      const done = (released: boolean) => {
        clearTimeout(timer);
        stopWatching();
        resolve(released);
      };
      const wake = () => done(true);
      const aborted = () => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((waiter) => waiter !== wake);
        reject(signal.reason);
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter !== wake);
        done(false);
      }, timeoutMs);
      if (signal.aborted) return aborted();
      stopWatching = onAbort(signal, aborted);
      this.waiters.push(wake);
    });
  }
}
