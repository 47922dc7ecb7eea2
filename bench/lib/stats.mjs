// Small statistics and formatting helpers for the report.

export const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

export function percentiles(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99) };
}

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** `median (min–max)` with `digits` decimals. */
export function summary(values, digits = 2) {
  if (values.length === 0 || values.some((value) => value === undefined || Number.isNaN(value))) return "n/a";
  const fixed = (value) => value.toFixed(digits);
  if (values.length === 1) return fixed(values[0]);
  return `${fixed(median(values))} (${fixed(Math.min(...values))}–${fixed(Math.max(...values))})`;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
