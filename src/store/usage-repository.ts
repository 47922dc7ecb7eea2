import type { UsageBucket } from "../observability/usage-rollup.js";
import type { SqliteDatabase } from "./database.js";

/** Hourly usage per (account, upstream model), persisted. No SQL in the signature. */
export interface UsageRepository {
  /** Adds the counts of each bucket to the stored one (creating it). */
  add(buckets: readonly UsageBucket[]): void;
  /** Buckets whose hour starts in [from, to). */
  between(from: number, to: number): UsageBucket[];
  /** Forgets buckets of hours before `hour`. */
  removeBefore(hour: number): number;
}

interface Row {
  hour: number;
  account_id: string;
  model: string;
  requests: number;
  errors: number;
  prompt_tokens: number;
  completion_tokens: number;
  reasoning_tokens: number;
  cached_tokens: number;
  latency_ms: number;
}

export class SqliteUsageRepository implements UsageRepository {
  private readonly upsert;
  private readonly selectBetween;
  private readonly deleteBefore;

  constructor(private readonly db: SqliteDatabase) {
    this.upsert = db.prepare(
      `INSERT INTO usage_hourly (hour, account_id, model, requests, errors, prompt_tokens, completion_tokens,
         reasoning_tokens, cached_tokens, latency_ms)
       VALUES (@hour, @account_id, @model, @requests, @errors, @prompt_tokens, @completion_tokens,
         @reasoning_tokens, @cached_tokens, @latency_ms)
       ON CONFLICT (hour, account_id, model) DO UPDATE SET
         requests = requests + excluded.requests, errors = errors + excluded.errors,
         prompt_tokens = prompt_tokens + excluded.prompt_tokens,
         completion_tokens = completion_tokens + excluded.completion_tokens,
         reasoning_tokens = reasoning_tokens + excluded.reasoning_tokens,
         cached_tokens = cached_tokens + excluded.cached_tokens, latency_ms = latency_ms + excluded.latency_ms`,
    );
    this.selectBetween = db.prepare<[number, number], Row>(
      "SELECT * FROM usage_hourly WHERE hour >= ? AND hour < ? ORDER BY hour",
    );
    this.deleteBefore = db.prepare<[number]>("DELETE FROM usage_hourly WHERE hour < ?");
  }

  add(buckets: readonly UsageBucket[]): void {
    if (buckets.length === 0) return;
    this.db.transaction(() => {
      for (const bucket of buckets) {
        this.upsert.run({
          hour: bucket.hour,
          account_id: bucket.accountId,
          model: bucket.model,
          requests: bucket.requests,
          errors: bucket.errors,
          prompt_tokens: bucket.promptTokens,
          completion_tokens: bucket.completionTokens,
          reasoning_tokens: bucket.reasoningTokens,
          cached_tokens: bucket.cachedTokens,
          latency_ms: Math.round(bucket.latencyMs),
        });
      }
    })();
  }

  between(from: number, to: number): UsageBucket[] {
    return this.selectBetween.all(from, to).map((row) => ({
      hour: row.hour,
      accountId: row.account_id,
      model: row.model,
      requests: row.requests,
      errors: row.errors,
      promptTokens: row.prompt_tokens,
      completionTokens: row.completion_tokens,
      reasoningTokens: row.reasoning_tokens,
      cachedTokens: row.cached_tokens,
      latencyMs: row.latency_ms,
    }));
  }

  removeBefore(hour: number): number {
    return this.deleteBefore.run(hour).changes;
  }
}
