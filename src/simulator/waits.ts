/** Timers the simulator may still be waiting on, so close() can release them all at once. */
export class Waits {
  private readonly pending = new Map<NodeJS.Timeout, () => void>();

  wait(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(timer);
        resolve();
      }, ms);
      this.pending.set(timer, resolve);
    });
  }

  /** Clears every timer and resolves its promise; callers then see their response is gone. */
  releaseAll(): void {
    for (const [timer, resolve] of this.pending) {
      clearTimeout(timer);
      resolve();
    }
    this.pending.clear();
  }
}
