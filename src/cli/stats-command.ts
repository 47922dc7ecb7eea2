import { AgateError } from "../errors.js";
import { statsToJson } from "../observability/stats-json.js";
import { parseStatsQuery, type StatsQuery } from "../observability/stats-query.js";
import { usageStats } from "../observability/usage-stats.js";
import { SqliteUsageRepository } from "../store/usage-repository.js";
import { withAccountsStore } from "./accounts-store.js";
import { InvalidOptionValue } from "./options.js";

export interface StatsFlags {
  from?: string;
  to?: string;
  groupBy?: string;
  json?: boolean;
  config?: string;
}

/**
 * `agate stats`: usage per hour or day, per account and/or model, read from the store (data_dir/agate.db) —
 * the same numbers as GET /admin/stats, whether or not a gateway is running.
 */
export async function statsCommand(flags: StatsFlags): Promise<void> {
  const json = await withAccountsStore(flags, (store) => {
    const query = statsQueryOf(flags, store.now());
    const labels = new Map<string, string>();
    try {
      for (const account of store.accounts.list()) labels.set(account.id, account.label);
    } catch {
      // Labels only make the table friendlier; ids are shown when the accounts cannot be read.
    }
    return statsToJson(query, usageStats(new SqliteUsageRepository(store.db), query), (id) => labels.get(id));
  });
  if (flags.json === true) {
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    return;
  }
  process.stdout.write(`${renderStatsTable(json)}\n`);
}

const OPTION_NAMES = { from: "--from", to: "--to", group_by: "--group-by" } as const;

/** The query the options ask for; a value it cannot read exits 2 naming the option, as any invalid option does. */
function statsQueryOf(flags: StatsFlags, now: number): StatsQuery {
  try {
    return parseStatsQuery(
      { from: flags.from, to: flags.to, group_by: flags.groupBy },
      now,
      (param) => OPTION_NAMES[param],
    );
  } catch (error) {
    if (error instanceof AgateError) throw new InvalidOptionValue(error.message);
    throw error;
  }
}

const COUNT_COLUMNS = [
  ["REQUESTS", "requests"],
  ["ERRORS", "errors"],
  ["PROMPT", "prompt_tokens"],
  ["COMPLETION", "completion_tokens"],
  ["REASONING", "reasoning_tokens"],
  ["CACHED", "cached_tokens"],
  ["AVG MS", "avg_latency_ms"],
] as const;

/** The stats as a terminal table, a TOTAL line last; times in UTC. */
export function renderStatsTable(stats: ReturnType<typeof statsToJson>): string {
  const heading = `Usage from ${shortTime(stats.from)} to ${shortTime(stats.to)} (UTC)`;
  if (stats.data.length === 0) return `${heading}\nNo requests in this period.`;
  const labels: string[] = [];
  if (stats.group_by.includes("hour") || stats.group_by.includes("day")) labels.push("PERIOD");
  if (stats.group_by.includes("account")) labels.push("ACCOUNT");
  if (stats.group_by.includes("model")) labels.push("MODEL");
  const row = (entry: Record<string, unknown>) => [
    ...labels.map((label) => {
      if (label === "PERIOD") return periodText(String(entry.period ?? ""), stats.group_by.includes("hour"));
      if (label === "ACCOUNT") return String(entry.account_label ?? "(none)");
      return String(entry.model ?? "");
    }),
    ...COUNT_COLUMNS.map(([, key]) => String(entry[key] ?? 0)),
  ];
  const total = [
    "TOTAL",
    ...labels.slice(1).map(() => ""),
    ...COUNT_COLUMNS.map(([, key]) => String(stats.total[key] ?? 0)),
  ];
  const header =
    labels.length === 0
      ? ["", ...COUNT_COLUMNS.map(([title]) => title)]
      : [...labels, ...COUNT_COLUMNS.map(([title]) => title)];
  const rows = labels.length === 0 ? [] : stats.data.map(row);
  return `${heading}\n${table(header, [...rows, total], header.length - COUNT_COLUMNS.length)}`;
}

function periodText(iso: string, hourly: boolean): string {
  return hourly ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : iso.slice(0, 10);
}

const shortTime = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;

/** Columns padded to their widest cell; the first `textColumns` left-aligned, the numbers right-aligned. */
function table(header: readonly string[], rows: readonly string[][], textColumns: number): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        column < textColumns ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}
