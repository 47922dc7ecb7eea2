export interface BackgroundPruneOptions {
  /** Deletes at most `chunk` rows of what must go; returns how many it deleted. */
  step(chunk: number): number;
  /** Runs once at the start of each prune, before its steps. */
  before?(): void;
  /** Rows deleted per step; the event loop runs between steps. */
  chunk: number;
  /** How often a prune runs by itself, counted from the first one. */
  intervalMs: number;
  /** When the first one runs after start. Default a second. */
  firstAfterMs?: number;
  onError(error: unknown): void;
}

/**
 * Deletes what retention says must go, in the background and a chunk at a time, yielding to the event loop
 * between chunks: no request waits behind a large delete. One prune at a time; a prune asked for while one
 * runs gets that one's count.
 */
export class BackgroundPrune {
  private timer: NodeJS.Timeout | undefined;
  private first: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private stopped = false;

  constructor(private readonly options: BackgroundPruneOptions) {}

  start(): void {
    // The interval counts from the first run, so that a prune started later than another stays that far
    // behind it (free-pages.ts runs a minute after each prune of the store, to give back what it freed).
    this.first = setTimeout(() => {
      if (this.stopped) return;
      void this.run();
      this.timer = setInterval(() => void this.run(), this.options.intervalMs);
      this.timer.unref();
    }, this.options.firstAfterMs ?? 1_000);
    this.first.unref();
  }

  /** Prunes now; resolves with the number of rows deleted. */
  run(): Promise<number> {
    if (this.running !== undefined) return this.running;
    this.running = this.steps().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** No prune starts after this, and one running stops after its current chunk. */
  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.first);
  }

  private async steps(): Promise<number> {
    const { chunk } = this.options;
    let removed = 0;
    if (this.stopped) return removed;
    try {
      this.options.before?.();
      while (!this.stopped) {
        const count = this.options.step(chunk);
        removed += count;
        if (count < chunk) break;
        await new Promise((resolve) => setImmediate(resolve));
      }
    } catch (error) {
      this.options.onError(error);
    }
    return removed;
  }
}
