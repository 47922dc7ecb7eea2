/**
 * Store writes that must not hold up a request: queued and run together on the next turn of the event
 * loop (or at once by `flush`, which closing the store calls). A failed write is reported, not thrown.
 * With `together`, the writes of one flush share one transaction: one commit instead of one each (a commit
 * costs ≈ 40 µs beyond its rows on a file store; see response-saves.ts).
 */
export class DeferredWrites {
  private readonly queue: (() => void)[] = [];
  private scheduled = false;

  constructor(
    private readonly onError: (error: unknown) => void = () => {},
    private readonly together?: (writes: () => void) => void,
  ) {}

  enqueue(write: () => void): void {
    this.queue.push(write);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  flush(): void {
    this.scheduled = false;
    const writes = this.queue.splice(0);
    const run = () => {
      for (const write of writes) {
        try {
          write();
        } catch (error) {
          this.onError(error);
        }
      }
    };
    if (writes.length < 2 || this.together === undefined) {
      run();
      return;
    }
    try {
      this.together(run);
    } catch (error) {
      // The commit itself failed: what the writes did is undone.
      this.onError(error);
    }
  }
}
