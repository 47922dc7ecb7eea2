import type { RequestRecord } from "./request-record.js";

/**
 * Usage statistics: each request that reached the routing step adds to one bucket per (UTC hour, account,
 * upstream model); buckets are summed into rows by hour or day, per account and/or per model. Pure.
 */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

export interface UsageCounts {
  requests: number;
  errors: number;
  promptTokens: number;
  completionTokens: number;
  reasoningTokens: number;
  cachedTokens: number;
  /** Sum of total latencies, in milliseconds (divided by requests for the mean). */
  latencyMs: number;
}

export interface UsageBucket extends UsageCounts {
  /** Start of the UTC hour, epoch milliseconds. */
  hour: number;
  /** "" when no account was tried. */
  accountId: string;
  model: string;
}

export type Period = "hour" | "day";
export type Dimension = "account" | "model";

export interface UsageGrouping {
  /** Rows per hour or per day; undefined: one row for the whole range. */
  period?: Period;
  by: readonly Dimension[];
}

export interface UsageRow extends UsageCounts {
  /** Start of the hour or day (epoch ms); for a whole-range row, the range's start. */
  period: number;
  accountId?: string;
  model?: string;
}

/** Start of the UTC hour or day `time` falls in. */
export function startOf(time: number, period: Period): number {
  const size = period === "hour" ? HOUR_MS : DAY_MS;
  return Math.floor(time / size) * size;
}

export const emptyCounts = (): UsageCounts => ({
  requests: 0,
  errors: 0,
  promptTokens: 0,
  completionTokens: 0,
  reasoningTokens: 0,
  cachedTokens: 0,
  latencyMs: 0,
});

/** The bucket a finished request adds to; undefined when it never got a model (refused before routing). */
export function bucketOf(record: RequestRecord): UsageBucket | undefined {
  if (record.mappedModel === null) return undefined;
  return {
    hour: startOf(record.time, "hour"),
    accountId: record.accountId ?? "",
    model: record.mappedModel,
    requests: 1,
    errors: record.status >= 400 || record.errorType !== "none" ? 1 : 0,
    promptTokens: record.promptTokens,
    completionTokens: record.completionTokens,
    reasoningTokens: record.reasoningTokens,
    cachedTokens: record.cachedTokens,
    latencyMs: record.totalMs,
  };
}

export const bucketKey = (bucket: Pick<UsageBucket, "hour" | "accountId" | "model">): string =>
  `${bucket.hour}\0${bucket.accountId}\0${bucket.model}`;

export function addCounts(into: UsageCounts, counts: UsageCounts): void {
  into.requests += counts.requests;
  into.errors += counts.errors;
  into.promptTokens += counts.promptTokens;
  into.completionTokens += counts.completionTokens;
  into.reasoningTokens += counts.reasoningTokens;
  into.cachedTokens += counts.cachedTokens;
  into.latencyMs += counts.latencyMs;
}

/** Adds a bucket into a map of buckets keyed by (hour, account, model). */
export function addBucket(buckets: Map<string, UsageBucket>, bucket: UsageBucket): void {
  const key = bucketKey(bucket);
  const existing = buckets.get(key);
  if (existing === undefined) buckets.set(key, { ...bucket });
  else addCounts(existing, bucket);
}

/**
 * Sums hourly buckets into rows: per hour or day (or one period starting at `rangeStart`), and per account
 * and/or model when asked. Sorted by period, then account, then model.
 */
export function groupUsage(
  buckets: readonly UsageBucket[],
  grouping: UsageGrouping,
  rangeStart: number,
): UsageRow[] {
  const byAccount = grouping.by.includes("account");
  const byModel = grouping.by.includes("model");
  const rows = new Map<string, UsageRow>();
  for (const bucket of buckets) {
    const period = grouping.period === undefined ? rangeStart : startOf(bucket.hour, grouping.period);
    const key = `${period}\0${byAccount ? bucket.accountId : ""}\0${byModel ? bucket.model : ""}`;
    let row = rows.get(key);
    if (row === undefined) {
      row = { period, ...emptyCounts() };
      if (byAccount) row.accountId = bucket.accountId;
      if (byModel) row.model = bucket.model;
      rows.set(key, row);
    }
    addCounts(row, bucket);
  }
  return [...rows.values()].sort(
    (a, b) =>
      a.period - b.period ||
      (a.accountId ?? "").localeCompare(b.accountId ?? "") ||
      (a.model ?? "").localeCompare(b.model ?? ""),
  );
}

/** The sum of every row. */
export function totalOf(rows: readonly UsageCounts[]): UsageCounts {
  const total = emptyCounts();
  for (const row of rows) addCounts(total, row);
  return total;
}
