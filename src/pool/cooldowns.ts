import type { CooldownRecord, CooldownsRepository } from "../store/cooldowns-repository.js";
import type { DeferredWrites } from "../store/deferred-writes.js";
import type { PoolObserver } from "./pool-observer.js";
import type { PublishStateChange } from "./shared-state.js";

export interface CooldownPersistence {
  repository: CooldownsRepository;
  writes: DeferredWrites;
}

/**
 * Who is resting until when: per (account, model) for quota, per account for transient failures. Held in
 * memory for the hot path and written behind to the store, so a restart keeps them (`load`). Also counts
 * cool-downs in a row per key (strikes), which make the fallback delays grow.
 */
export class Cooldowns {
  private readonly records = new Map<string, CooldownRecord>();
  private readonly strikeCounts = new Map<string, number>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly persistence?: CooldownPersistence,
    /** Told of every cool-down given (metrics). */
    private readonly observer?: PoolObserver,
    /** Told of every change other processes must see (cluster workers). */
    private readonly publish?: PublishStateChange,
  ) {}

  /** Reads the cool-downs still in force from the store and forgets the ended ones. */
  load(): void {
    const repository = this.persistence?.repository;
    if (repository === undefined) return;
    const now = this.now();
    repository.removeExpired(now);
    for (const record of repository.active(now))
      this.records.set(keyOf(record.accountId, record.model), record);
  }

  /** Rests the account (model undefined) or the (account, model) pair for `ms`; a longer rest already set stays. */
  cool(accountId: string, model: string | undefined, ms: number, reason = "cooldown"): void {
    const key = keyOf(accountId, model ?? "");
    this.strikeCounts.set(key, (this.strikeCounts.get(key) ?? 0) + 1);
    this.observer?.cooled?.(accountId, model ?? "", reason);
    const until = this.now() + Math.max(0, ms);
    if ((this.records.get(key)?.until ?? 0) >= until) return;
    const record: CooldownRecord = { accountId, model: model ?? "", until, reason };
    this.records.set(key, record);
    const persistence = this.persistence;
    persistence?.writes.enqueue(() => persistence.repository.save(record));
    this.publish?.({ kind: "cooldown", record });
  }

  /** A cool-down another process gave (it stored it): kept unless a longer one is in force; no strike here. */
  adopt(record: CooldownRecord): void {
    const key = keyOf(record.accountId, record.model);
    if ((this.records.get(key)?.until ?? 0) >= record.until) return;
    this.records.set(key, { ...record });
  }

  /** Milliseconds until the account may serve the model again; 0 when it may now. */
  remainingMs(accountId: string, model: string): number {
    // No cool-down anywhere (the usual case): no keys to build.
    if (this.records.size === 0) return 0;
    const longest = Math.max(
      this.records.get(keyOf(accountId, model))?.until ?? 0,
      this.records.get(keyOf(accountId, ""))?.until ?? 0,
    );
    return Math.max(0, longest - this.now());
  }

  /** The reason of the cool-down that keeps the account from the model longest; undefined when none does. */
  reasonFor(accountId: string, model: string): string | undefined {
    const pair = this.records.get(keyOf(accountId, model));
    const whole = this.records.get(keyOf(accountId, ""));
    const longest = (pair?.until ?? 0) >= (whole?.until ?? 0) ? pair : whole;
    return longest !== undefined && longest.until > this.now() ? longest.reason : undefined;
  }

  /** Cool-downs in a row for the (account, model) pair or (model undefined) the account. */
  strikes(accountId: string, model: string | undefined): number {
    return this.strikeCounts.get(keyOf(accountId, model ?? "")) ?? 0;
  }

  /** A success ends the streaks of failures for the account and for the pair. */
  succeeded(accountId: string, model: string): void {
    if (this.strikeCounts.size === 0) return;
    this.strikeCounts.delete(keyOf(accountId, model));
    this.strikeCounts.delete(keyOf(accountId, ""));
  }

  /**
   * Ends the account's cool-downs (model undefined: all of them, the whole-account one included) and their
   * failure streaks, at once; returns how many were in force.
   */
  clear(accountId: string, model?: string): number {
    const cleared = this.forget(accountId, model, true);
    this.publish?.({ kind: "cooldown-cleared", accountId, ...(model === undefined ? {} : { model }) });
    return cleared;
  }

  /** Like `clear`, for cool-downs another process ended (and removed from the store). */
  forget(accountId: string, model?: string, persist = false): number {
    const now = this.now();
    let cleared = 0;
    for (const [key, record] of this.records) {
      if (record.accountId !== accountId || (model !== undefined && record.model !== model)) continue;
      if (record.until > now) cleared++;
      this.records.delete(key);
      const persistence = this.persistence;
      if (persist)
        persistence?.writes.enqueue(() => persistence.repository.remove(record.accountId, record.model));
    }
    for (const key of this.strikeCounts.keys()) {
      const [id = "", pairModel = ""] = key.split("\0");
      if (id === accountId && (model === undefined || pairModel === model)) this.strikeCounts.delete(key);
    }
    return cleared;
  }

  /** The cool-downs in force, for status displays. */
  active(): CooldownRecord[] {
    const now = this.now();
    return [...this.records.values()].filter((record) => record.until > now);
  }
}

const keyOf = (accountId: string, model: string): string => `${accountId}\0${model}`;
