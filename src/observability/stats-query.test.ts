import { describe, expect, it } from "vitest";
import { AgateError } from "../errors.js";
import { parseStatsQuery } from "./stats-query.js";
import { DAY_MS, HOUR_MS } from "./usage-rollup.js";

const NOW = Date.UTC(2025, 0, 31, 12);

function refusal(run: () => unknown): { status: number; param: string | null } {
  try {
    run();
  } catch (error) {
    if (error instanceof AgateError) return { status: error.status, param: error.param };
  }
  throw new Error("expected a refusal");
}

describe("parseStatsQuery", () => {
  it("defaults to the last 7 days, one row per day", () => {
    expect(parseStatsQuery({}, NOW)).toEqual({
      from: NOW - 7 * DAY_MS,
      to: NOW,
      grouping: { period: "day", by: [] },
    });
  });

  it("takes durations back from now, ISO dates and date-times, and epoch milliseconds", () => {
    expect(parseStatsQuery({ from: "24h" }, NOW).from).toBe(NOW - 24 * HOUR_MS);
    expect(parseStatsQuery({ from: "2w" }, NOW).from).toBe(NOW - 14 * DAY_MS);
    expect(parseStatsQuery({ from: "2025-01-30", to: "2025-01-31T06:00:00Z" }, NOW)).toMatchObject({
      from: Date.UTC(2025, 0, 30),
      to: Date.UTC(2025, 0, 31, 6),
    });
    expect(parseStatsQuery({ from: String(NOW - 1000), to: String(NOW) }, NOW)).toMatchObject({
      from: NOW - 1000,
      to: NOW,
    });
  });

  it("reads group_by as a period and dimensions, in any order and case", () => {
    expect(parseStatsQuery({ group_by: "model, HOUR,account" }, NOW).grouping).toEqual({
      period: "hour",
      by: ["model", "account"],
    });
    expect(parseStatsQuery({ group_by: "account" }, NOW).grouping).toEqual({ by: ["account"] });
    expect(parseStatsQuery({ group_by: "total" }, NOW).grouping).toEqual({ by: [] });
  });

  it("refuses with a 400 naming the parameter", () => {
    expect(refusal(() => parseStatsQuery({ from: "yesterday" }, NOW))).toEqual({
      status: 400,
      param: "from",
    });
    expect(refusal(() => parseStatsQuery({ to: "soon" }, NOW))).toEqual({ status: 400, param: "to" });
    expect(refusal(() => parseStatsQuery({ from: "1h", to: "2h" }, NOW))).toEqual({
      status: 400,
      param: "from",
    });
    expect(refusal(() => parseStatsQuery({ group_by: "week" }, NOW))).toEqual({
      status: 400,
      param: "group_by",
    });
    expect(refusal(() => parseStatsQuery({ group_by: "hour,day" }, NOW))).toEqual({
      status: 400,
      param: "group_by",
    });
  });
});
