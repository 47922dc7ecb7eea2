// Markdown for the results: tables whose columns are the targets, figures as "median (min–max)".
import { median, summary } from "./stats.mjs";

export function markdownTable(header, rows) {
  const line = (cells) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

/** Per-round values of `key` for each target: { agate: [r1, r2, r3], ... }. */
export function pick(rounds, key) {
  return Object.fromEntries(Object.entries(rounds).map(([name, list]) => [name, list.map((r) => r[key])]));
}

/** Per-round differences `target − base` of `key` (the latency a gateway adds to the direct call). */
export function added(rounds, name, key, base = "direct") {
  return rounds[name].map((result, index) => result[key] - rounds[base][index][key]);
}

/** One table row: the label, then one cell per target (missing targets shown as n/a). */
export function row(label, names, valuesByName, digits = 2, prefix = "") {
  return [
    label,
    ...names.map((name) => {
      const values = valuesByName[name];
      return values === undefined ? "—" : `${prefix}${summary(values, digits)}`;
    }),
  ];
}

/** A target of the issue: `{ goal, measured, met }` for the summary table. */
export function goal(text, measured, met) {
  return { goal: text, measured, met: met === undefined ? "n/a" : met ? "met" : "**missed**" };
}

export const ratio = (numerators, denominators) => median(numerators) / median(denominators);
