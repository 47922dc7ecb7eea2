/** Finished requests, pushed to whoever listens (the dashboard's server-sent events). */
export class LiveFeed<T> {
  private readonly listeners = new Set<(item: T) => void>();

  /** Returns the unsubscribe function. */
  subscribe(listener: (item: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(item: T): void {
    for (const listener of this.listeners) listener(item);
  }

  get size(): number {
    return this.listeners.size;
  }
}
