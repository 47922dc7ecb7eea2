/**
 * Store writes that must not hold up a request: queued and run together on the next turn of the event
 * loop (or at once by `flush`, which closing the store calls). A failed write is reported, not thrown.
 */
export class DeferredWrites {
  private readonly queue: (() => void)[] = [];
  private scheduled = false;

  constructor(private readonly onError: (error: unknown) => void = () => {}) {}

  enqueue(write: () => void): void {
    this.queue.push(write);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  flush(): void {
    this.scheduled = false;
    for (const write of this.queue.splice(0)) {
      try {
        write();
      } catch (error) {
        this.onError(error);
      }
    }
  }
}
