/**
 * Values used lately, by key, within a budget of bytes that each `set` states (what the value's JSON or its
 * key takes): the least recently used go first, and a value larger than the whole budget is not kept.
 * Values are shared, never copied: what is kept here must not be changed by anyone who gets it.
 */
export class RecentValues<T> {
  private readonly values = new Map<string, { value: T; bytes: number }>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string): T | undefined {
    const entry = this.values.get(key);
    if (entry === undefined) return undefined;
    // Used again: now the most recent (a Map iterates in insertion order).
    this.values.delete(key);
    this.values.set(key, entry);
    return entry.value;
  }

  set(key: string, value: T, bytes: number): void {
    this.delete(key);
    if (bytes > this.maxBytes) return;
    this.values.set(key, { value, bytes });
    this.bytes += bytes;
    for (const [oldest, entry] of this.values) {
      if (this.bytes <= this.maxBytes) break;
      this.values.delete(oldest);
      this.bytes -= entry.bytes;
    }
  }

  delete(key: string): void {
    const entry = this.values.get(key);
    if (entry === undefined) return;
    this.values.delete(key);
    this.bytes -= entry.bytes;
  }

  /** The bytes of the values kept. */
  get size(): number {
    return this.bytes;
  }
}
