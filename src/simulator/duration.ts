/** Go-style durations as Google writes them ("3h2m1.5s", "510.79ms") ↔ seconds. */

const unitSeconds: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 1e-3, us: 1e-6, µs: 1e-6, ns: 1e-9 };

export function durationToSeconds(duration: string): number {
  let total = 0;
  for (const match of duration.matchAll(/(\d+(?:\.\d+)?)(h|ms|us|µs|ns|m|s)/g)) {
    total += Number(match[1]) * (unitSeconds[match[2] ?? "s"] ?? 1);
  }
  return total;
}

/** A RetryInfo.retryDelay: seconds with up to 3 decimals, e.g. "7996.3s". */
export function secondsToRetryDelay(seconds: number): string {
  return `${Number(Math.max(0, seconds).toFixed(3))}s`;
}

export function secondsUntil(timestamp: string, now = Date.now()): number {
  const at = Date.parse(timestamp);
  return Number.isNaN(at) ? 0 : Math.max(0, (at - now) / 1000);
}
