import type { StatsRow } from "./api.js";
import { h, replace, svg } from "./dom.js";
import { compactNumber, formatNumber } from "./format.js";

/** Requests, errors and tokens per hour, stacked by model or by account, drawn as plain SVG. */

const PALETTE = ["#3b6fe0", "#e07b39", "#2a9d8f", "#c44d8f", "#8a63d2", "#c9a227", "#5b8c3a", "#d0504f"];
const OTHER_COLOR = "#8b94a7";
const MAX_KEYS = PALETTE.length;
const HOUR_MS = 3_600_000;

export type Dimension = "model" | "account";
type Metric = "requests" | "errors" | "tokens";

interface Series {
  key: string;
  color: string;
  values: number[];
}

interface ChartSpec {
  title: string;
  metric: Metric;
}

const CHARTS: readonly ChartSpec[] = [
  { title: "Requests", metric: "requests" },
  { title: "Errors", metric: "errors" },
  { title: "Tokens (prompt + completion)", metric: "tokens" },
];

/** The last `hours` UTC hours, oldest first, ending with the current one. */
export function hourSlots(now: number, hours: number): number[] {
  const current = Math.floor(now / HOUR_MS) * HOUR_MS;
  return Array.from({ length: hours }, (_, index) => current - (hours - 1 - index) * HOUR_MS);
}

export function renderCharts(
  container: HTMLElement,
  rows: readonly StatsRow[],
  slots: readonly number[],
  dimension: Dimension,
): void {
  const keys = keysByVolume(rows, dimension);
  const colors = new Map(
    keys.map((key, index) => [key, index < MAX_KEYS ? (PALETTE[index] ?? OTHER_COLOR) : OTHER_COLOR]),
  );
  if (rows.length === 0) {
    replace(
      container,
      h("p", { class: "empty-inline", id: "no-traffic" }, "No traffic in the last 24 hours."),
    );
    return;
  }
  const legend = h(
    "ul",
    { class: "legend" },
    ...[...new Set(keys.map((key) => keyName(key, keys)))].map((name) =>
      h(
        "li",
        {},
        h("span", { class: "swatch", style: `background: ${colors.get(name) ?? OTHER_COLOR}` }),
        name,
      ),
    ),
  );
  const charts = CHARTS.map((spec) => {
    const series = seriesOf(rows, slots, dimension, spec.metric, keys, colors);
    return h(
      "figure",
      { class: "chart" },
      h("figcaption", {}, spec.title),
      barChart(series, slots, spec.title),
    );
  });
  replace(container, legend, h("div", { class: "charts" }, ...charts));
}

function keyOf(row: StatsRow, dimension: Dimension): string {
  if (dimension === "model") return row.model ?? "unknown";
  return row.account_label ?? row.account_id ?? "no account";
}

/** Keys by total requests, largest first; beyond MAX_KEYS they are drawn together as "other". */
function keysByVolume(rows: readonly StatsRow[], dimension: Dimension): string[] {
  const totals = new Map<string, number>();
  for (const row of rows)
    totals.set(keyOf(row, dimension), (totals.get(keyOf(row, dimension)) ?? 0) + row.requests);
  return [...totals.entries()].sort((a, b) => b[1] - a[1]).map(([key]) => key);
}

const keyName = (key: string, keys: readonly string[]): string =>
  keys.indexOf(key) < MAX_KEYS ? key : "other";

function seriesOf(
  rows: readonly StatsRow[],
  slots: readonly number[],
  dimension: Dimension,
  metric: Metric,
  keys: readonly string[],
  colors: ReadonlyMap<string, string>,
): Series[] {
  const index = new Map(slots.map((slot, position) => [slot, position]));
  const byName = new Map<string, Series>();
  for (const key of keys) {
    const name = keyName(key, keys);
    if (!byName.has(name))
      byName.set(name, { key: name, color: colors.get(key) ?? OTHER_COLOR, values: slots.map(() => 0) });
  }
  for (const row of rows) {
    const position = index.get(Date.parse(row.period ?? ""));
    const series = byName.get(keyName(keyOf(row, dimension), keys));
    if (position === undefined || series === undefined) continue;
    const value =
      metric === "requests"
        ? row.requests
        : metric === "errors"
          ? row.errors
          : row.prompt_tokens + row.completion_tokens;
    series.values[position] = (series.values[position] ?? 0) + value;
  }
  return [...byName.values()];
}

const WIDTH = 420;
const HEIGHT = 170;
const LEFT = 40;
const RIGHT = 10;
const TOP = 10;
const BOTTOM = 22;

function barChart(series: readonly Series[], slots: readonly number[], title: string): SVGElement {
  const totals = slots.map((_, position) =>
    series.reduce((sum, entry) => sum + (entry.values[position] ?? 0), 0),
  );
  const top = niceCeiling(Math.max(0, ...totals));
  const plotWidth = WIDTH - LEFT - RIGHT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const step = plotWidth / slots.length;
  const barWidth = Math.max(2, step * 0.75);
  const y = (value: number) => TOP + plotHeight - (top === 0 ? 0 : (value / top) * plotHeight);
  const grid = [0, top / 2, top].map((value) =>
    svg(
      "g",
      { class: "grid" },
      svg("line", { x1: LEFT, x2: WIDTH - RIGHT, y1: y(value), y2: y(value) }),
      svg("text", { x: LEFT - 6, y: y(value) + 4, "text-anchor": "end" }, compactNumber(value)),
    ),
  );
  const labels = slots.flatMap((slot, position) =>
    position % 6 === 0 || position === slots.length - 1
      ? [
          svg(
            "text",
            {
              class: "axis",
              x: LEFT + position * step + step / 2,
              y: HEIGHT - 6,
              "text-anchor": position === slots.length - 1 ? "end" : "middle",
            },
            hourLabel(slot),
          ),
        ]
      : [],
  );
  const bars = slots.flatMap((slot, position) => {
    let base = 0;
    return series.flatMap((entry) => {
      const value = entry.values[position] ?? 0;
      if (value === 0) return [];
      const rect = svg(
        "rect",
        {
          x: LEFT + position * step + (step - barWidth) / 2,
          y: y(base + value),
          width: barWidth,
          height: Math.max(1, y(base) - y(base + value)),
          fill: entry.color,
        },
        svg("title", {}, `${new Date(slot).toLocaleString()} — ${entry.key}: ${formatNumber(value)}`),
      );
      base += value;
      return [rect];
    });
  });
  return svg(
    "svg",
    { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: "img", "aria-label": title },
    ...grid,
    ...bars,
    ...labels,
  );
}

/** The local time a UTC hour starts at: 14:00, or 19:30 where the browser's offset has half hours. */
function hourLabel(slot: number): string {
  const date = new Date(slot);
  return `${String(date.getHours()).padStart(2, "0")}:${String(date.getMinutes()).padStart(2, "0")}`;
}

/** 1, 2, 4 or 10 × 10^n at or above `value`, at least 2: the middle line is then a whole number. */
function niceCeiling(value: number): number {
  if (value <= 2) return 2;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const factor of [1, 2, 4, 10]) if (factor * magnitude >= value) return factor * magnitude;
  return 10 * magnitude;
}
