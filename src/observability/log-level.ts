/** pino's level values; fastify's logger type does not expose `isLevelEnabled`. */
const LEVELS: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };

/** Whether a logger at `current` writes lines at `level` (a line below it costs no work at all). */
export function logsAt(current: string, level: keyof typeof LEVELS): boolean {
  return (LEVELS[level] ?? 0) >= (LEVELS[current] ?? Number.POSITIVE_INFINITY);
}
