import type { ConversationLink } from "./responses-repository.js";

/**
 * The links of the most recently saved or read stored responses, parsed, within a budget of their JSON's
 * size: a continuation (previous_response_id) reads every earlier response of its conversation, and for a
 * long one that meant reading and parsing megabytes on the event loop at every turn (bench/README.md).
 * The least recently used go first. Links are shared, never copied: nothing changes an item once stored.
 */
export class RecentLinks {
  private readonly links = new Map<string, { link: ConversationLink; bytes: number }>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(id: string): ConversationLink | undefined {
    const entry = this.links.get(id);
    if (entry === undefined) return undefined;
    // Used again: now the most recent (a Map iterates in insertion order).
    this.links.delete(id);
    this.links.set(id, entry);
    return entry.link;
  }

  /** Keeps `link`, `bytes` being the size of its items' JSON; one larger than the whole budget is not kept. */
  set(id: string, link: ConversationLink, bytes: number): void {
    this.delete(id);
    if (bytes > this.maxBytes) return;
    this.links.set(id, { link, bytes });
    this.bytes += bytes;
    for (const [oldest, entry] of this.links) {
      if (this.bytes <= this.maxBytes) break;
      this.links.delete(oldest);
      this.bytes -= entry.bytes;
    }
  }

  delete(id: string): void {
    const entry = this.links.get(id);
    if (entry === undefined) return;
    this.links.delete(id);
    this.bytes -= entry.bytes;
  }

  /** The JSON bytes of the links kept. */
  get size(): number {
    return this.bytes;
  }
}
