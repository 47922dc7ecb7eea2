import type { DeferredWrites } from "../store/deferred-writes.js";
import type { SessionsRepository } from "../store/sessions-repository.js";
import type { PublishStateChange } from "./shared-state.js";

export interface StickySessionOptions {
  now: () => number;
  /** A binding unused for this long is forgotten. */
  ttlMs: number;
  /** At most this many bindings are kept; the least recently used go first. */
  maxEntries: number;
  repository?: SessionsRepository;
  writes?: DeferredWrites;
  /** Told of new and moved bindings, which other processes must see (cluster workers). */
  publish?: PublishStateChange;
}

/** A use refreshes the stored time at most this often, so a busy conversation is not a write per request. */
const TOUCH_WRITE_INTERVAL_MS = 10 * 60_000;

interface Binding {
  accountId: string;
  usedAt: number;
  storedAt: number;
}

/** Conversation → account, in memory (oldest first) and written behind to the store. */
export class StickySessions {
  private readonly bindings = new Map<string, Binding>();

  constructor(private readonly options: StickySessionOptions) {}

  /** Reads the bindings still alive from the store and forgets the old ones. */
  load(): void {
    const { repository, now, ttlMs } = this.options;
    if (repository === undefined) return;
    const since = now() - ttlMs;
    repository.removeOlderThan(since);
    for (const row of repository.since(since)) {
      this.bindings.set(row.sessionKey, {
        accountId: row.accountId,
        usedAt: row.updatedAt,
        storedAt: row.updatedAt,
      });
    }
    this.trim();
  }

  accountFor(sessionKey: string): string | undefined {
    const binding = this.bindings.get(sessionKey);
    if (binding === undefined) return undefined;
    if (this.options.now() - binding.usedAt > this.options.ttlMs) {
      this.bindings.delete(sessionKey);
      return undefined;
    }
    return binding.accountId;
  }

  /** Binds (or re-binds) the conversation to the account that just served it. */
  bind(sessionKey: string, accountId: string): void {
    const now = this.options.now();
    const previous = this.bindings.get(sessionKey);
    this.bindings.delete(sessionKey);
    const changed = previous?.accountId !== accountId;
    const stale = previous === undefined || now - previous.storedAt >= TOUCH_WRITE_INTERVAL_MS;
    const storedAt = changed || stale ? now : previous.storedAt;
    this.bindings.set(sessionKey, { accountId, usedAt: now, storedAt });
    if (changed || stale) this.persist(sessionKey, accountId, now);
    if (changed) this.options.publish?.({ kind: "session", sessionKey, accountId });
    this.trim();
  }

  /** A binding another process made (and stored): kept here as if used now, not stored again. */
  adopt(sessionKey: string, accountId: string): void {
    const now = this.options.now();
    this.bindings.delete(sessionKey);
    this.bindings.set(sessionKey, { accountId, usedAt: now, storedAt: now });
    this.trim();
  }

  get size(): number {
    return this.bindings.size;
  }

  private persist(sessionKey: string, accountId: string, updatedAt: number): void {
    const { repository, writes } = this.options;
    if (repository === undefined || writes === undefined) return;
    writes.enqueue(() => repository.save({ sessionKey, accountId, updatedAt }));
  }

  private trim(): void {
    for (const key of this.bindings.keys()) {
      if (this.bindings.size <= this.options.maxEntries) return;
      this.bindings.delete(key);
    }
  }
}
