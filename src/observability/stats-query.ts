import { invalidRequest } from "../errors.js";
import { DAY_MS, type Dimension, HOUR_MS, type Period, type UsageGrouping } from "./usage-rollup.js";

export interface StatsQuery {
  from: number;
  to: number;
  grouping: UsageGrouping;
}

export interface StatsQueryInput {
  from?: string | undefined;
  to?: string | undefined;
  group_by?: string | undefined;
}

const DEFAULT_RANGE_MS = 7 * DAY_MS;
const RELATIVE = /^(\d+)\s*([hdw])$/i;
const UNIT_MS: Readonly<Record<string, number>> = { h: HOUR_MS, d: DAY_MS, w: 7 * DAY_MS };
const PERIODS: ReadonlySet<string> = new Set(["hour", "day"]);
const DIMENSIONS: ReadonlySet<string> = new Set(["account", "model"]);

/** How a message names a parameter: as itself (`group_by`, the admin API) or as the CLI's option (`--group-by`). */
export type ParameterName = (param: keyof StatsQueryInput) => string;

/**
 * `from` / `to` (ISO dates or date-times, epoch milliseconds, or a duration back from now: `24h`, `7d`,
 * `2w`; default the last 7 days up to now) and `group_by` (a comma-separated list of at most one of
 * `hour` / `day` and any of `account` / `model`; default `day`). Errors name the offending parameter.
 */
export function parseStatsQuery(
  input: StatsQueryInput,
  now: number,
  nameOf: ParameterName = (param) => param,
): StatsQuery {
  const to = input.to === undefined || input.to === "" ? now : parseTime(input.to, "to", now, nameOf);
  const from =
    input.from === undefined || input.from === ""
      ? to - DEFAULT_RANGE_MS
      : parseTime(input.from, "from", now, nameOf);
  if (from >= to) throw invalidRequest(`'${nameOf("from")}' must be earlier than '${nameOf("to")}'.`, "from");
  return { from, to, grouping: parseGrouping(input.group_by ?? "day", nameOf("group_by")) };
}

function parseTime(value: string, param: "from" | "to", now: number, nameOf: ParameterName): number {
  const text = value.trim();
  const relative = RELATIVE.exec(text);
  if (relative !== null) return now - Number(relative[1]) * (UNIT_MS[(relative[2] ?? "").toLowerCase()] ?? 0);
  const time = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(time)) {
    throw invalidRequest(
      `'${nameOf(param)}' must be an ISO date or date-time (2025-01-31, 2025-01-31T12:00:00Z), epoch milliseconds, ` +
        `or a duration back from now such as 24h or 7d; got '${text.slice(0, 40)}'.`,
      param,
    );
  }
  return time;
}

function parseGrouping(value: string, name: string): UsageGrouping {
  let period: Period | undefined;
  const by: Dimension[] = [];
  for (const raw of value.split(",")) {
    const word = raw.trim().toLowerCase();
    if (word === "" || word === "total") continue;
    if (PERIODS.has(word)) {
      if (period !== undefined && period !== word)
        throw invalidRequest(`'${name}' may name only one of hour and day.`, "group_by");
      period = word as Period;
    } else if (DIMENSIONS.has(word)) {
      if (!by.includes(word as Dimension)) by.push(word as Dimension);
    } else {
      throw invalidRequest(
        `'${name}' takes a comma-separated list of hour or day, account and model; got '${word.slice(0, 40)}'.`,
        "group_by",
      );
    }
  }
  return period === undefined ? { by } : { period, by };
}
