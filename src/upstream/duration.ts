const UNIT_MS: Readonly<Record<string, number>> = {
  h: 3_600_000,
  m: 60_000,
  s: 1_000,
  ms: 1,
  us: 0.001,
  ns: 0.000_001,
};
const PART = /(\d+(?:\.\d+)?)(ms|us|ns|h|m|s)/g;
const WHOLE = /^(?:\d+(?:\.\d+)?(?:ms|us|ns|h|m|s))+$/;

/** Parses Google durations: "17s", "1.203608125s", "3h2m1.5s", "510.79ms". Undefined when not one. */
export function parseGoogleDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (!WHOLE.test(trimmed)) return undefined;
  let total = 0;
  for (const match of trimmed.matchAll(PART)) {
    total += Number(match[1]) * (UNIT_MS[match[2] ?? "s"] ?? 0);
  }
  return Math.round(total);
}
