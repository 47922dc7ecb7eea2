import type { UsageRepository } from "../store/usage-repository.js";
import type { StatsQuery } from "./stats-query.js";
import { groupUsage, startOf, totalOf, type UsageCounts, type UsageRow } from "./usage-rollup.js";

/** The rows and total a stats query asks for, from the stored hourly buckets (whole hours). */
export function usageStats(
  usage: Pick<UsageRepository, "between">,
  query: StatsQuery,
): { rows: UsageRow[]; total: UsageCounts } {
  const buckets = usage.between(startOf(query.from, "hour"), query.to);
  const rows = groupUsage(buckets, query.grouping, query.from);
  return { rows, total: totalOf(rows) };
}
