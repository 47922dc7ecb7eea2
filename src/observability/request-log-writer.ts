import { BackgroundPrune } from "../store/background-prune.js";
import type { RequestLogRepository } from "../store/request-log-repository.js";
import type { UsageRepository } from "../store/usage-repository.js";
import type { RequestRecord } from "./request-record.js";
import { addBucket, bucketOf, DAY_MS, type UsageBucket } from "./usage-rollup.js";

export interface RequestLogWriterOptions {
  log: RequestLogRepository;
  usage: UsageRepository;
  /**
   * Runs a flush's writes in one transaction, so that the log and the usage agree after a crash or a
   * failed write (and the flush commits once instead of twice).
   */
  together: (writes: () => void) => void;
  now: () => number;
  /** Entries older than this go. */
  retentionMs: number;
  /** At most this many entries stay. */
  maxRows: number;
  onError: (error: unknown) => void;
  flushIntervalMs?: number;
  /**
   * A flush happens at once when this many records wait. Default 128: a flush holds the event loop ≈ 0.8 ms
   * instead of ≈ 3 ms for 500, for ≈ 0.75 µs more per row (`node bench/request-log-batch.mjs`).
   */
  batchSize?: number;
  pruneIntervalMs?: number;
  /** Rows deleted per step of a prune; the event loop runs between steps. */
  pruneChunk?: number;
  usageRetentionMs?: number;
}

/**
 * Writes finished requests to the store off the hot path: records and their usage wait in memory and go in
 * one transaction per second (or per batch), both in the same one, after the answers they describe are
 * complete. Pruning runs in the background in small steps, so no request ever waits behind a large delete.
 */
export class RequestLogWriter {
  private records: RequestRecord[] = [];
  private buckets = new Map<string, UsageBucket>();
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly pruner: BackgroundPrune;
  private closed = false;

  constructor(private readonly options: RequestLogWriterOptions) {
    const { log, usage, now, retentionMs, maxRows } = options;
    this.pruner = new BackgroundPrune({
      before: () => usage.removeBefore(now() - (options.usageRetentionMs ?? 400 * DAY_MS)),
      step: (chunk) => log.prune(now() - retentionMs, maxRows, chunk),
      chunk: options.pruneChunk ?? 2_000,
      intervalMs: options.pruneIntervalMs ?? 10 * 60_000,
      onError: options.onError,
    });
  }

  /** Starts the periodic prune (the first one soon after start). */
  start(): void {
    this.pruner.start();
  }

  /** Queues a finished request: `logged` puts it in the request log, a model puts it in the usage statistics. */
  add(record: RequestRecord, logged: boolean): void {
    if (this.closed) return;
    const bucket = bucketOf(record);
    if (bucket !== undefined) addBucket(this.buckets, bucket);
    if (logged) this.records.push(record);
    if (this.records.length >= (this.options.batchSize ?? 128)) {
      this.flush();
      return;
    }
    if (this.flushTimer === undefined) {
      this.flushTimer = setTimeout(() => this.flush(), this.options.flushIntervalMs ?? 1_000);
      this.flushTimer.unref();
    }
  }

  /** Records not yet written, oldest first. */
  pending(): readonly RequestRecord[] {
    return this.records;
  }

  /** Writes what waits now (the stats read after it; close calls it). */
  flush(): void {
    if (this.flushTimer !== undefined) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const records = this.records;
    const buckets = [...this.buckets.values()];
    this.records = [];
    this.buckets = new Map();
    if (records.length === 0 && buckets.length === 0) return;
    const { log, usage, together } = this.options;
    try {
      together(() => {
        log.append(records);
        usage.add(buckets);
      });
    } catch (error) {
      this.options.onError(error);
    }
  }

  /** Deletes old entries a chunk at a time, yielding to the event loop between chunks; resolves with the count. */
  prune(): Promise<number> {
    return this.pruner.run();
  }

  close(): void {
    this.pruner.stop();
    this.flush();
    this.closed = true;
  }
}
