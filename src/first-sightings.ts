/**
 * Which keys this process has seen, for things said once (a warning every request would raise, a request
 * field agate ignores). Bounded: past `max` distinct keys, nothing is new any more, so a client inventing
 * a new key per request cannot grow it forever (or flood the log).
 */
export class FirstSightings {
  private readonly seen = new Set<string>();

  constructor(private readonly max: number) {}

  /** True the first time `key` is seen (and the set is not full); false ever after. */
  first(key: string): boolean {
    if (this.seen.has(key) || this.seen.size >= this.max) return false;
    this.seen.add(key);
    return true;
  }
}
