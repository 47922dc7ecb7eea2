import type { StatsQuery } from "./stats-query.js";
import type { UsageCounts, UsageRow } from "./usage-rollup.js";

/** GET /admin/stats and `agate stats --json`: the rows and their total, snake_case, times in ISO. */
export interface StatsJson {
  object: "stats";
  from: string;
  to: string;
  group_by: string[];
  data: Record<string, unknown>[];
  total: Record<string, unknown>;
}

export function statsToJson(
  query: StatsQuery,
  result: { rows: readonly UsageRow[]; total: UsageCounts },
  accountLabel: (id: string) => string | undefined,
): StatsJson {
  const { grouping } = query;
  return {
    object: "stats",
    from: new Date(query.from).toISOString(),
    to: new Date(query.to).toISOString(),
    group_by: [...(grouping.period === undefined ? [] : [grouping.period]), ...grouping.by],
    data: result.rows.map((row) => {
      const json: Record<string, unknown> = {};
      if (grouping.period !== undefined) json.period = new Date(row.period).toISOString();
      if (row.accountId !== undefined) {
        json.account_id = row.accountId === "" ? null : row.accountId;
        json.account_label = row.accountId === "" ? null : (accountLabel(row.accountId) ?? row.accountId);
      }
      if (row.model !== undefined) json.model = row.model;
      return { ...json, ...countsToJson(row) };
    }),
    total: countsToJson(result.total),
  };
}

export function countsToJson(counts: UsageCounts): Record<string, number> {
  return {
    requests: counts.requests,
    errors: counts.errors,
    prompt_tokens: counts.promptTokens,
    completion_tokens: counts.completionTokens,
    reasoning_tokens: counts.reasoningTokens,
    cached_tokens: counts.cachedTokens,
    total_tokens: counts.promptTokens + counts.completionTokens,
    avg_latency_ms: counts.requests === 0 ? 0 : Math.round(counts.latencyMs / counts.requests),
  };
}
