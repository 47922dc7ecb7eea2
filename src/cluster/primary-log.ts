import { hostname } from "node:os";
import type { Config } from "../config/schema.js";

const LEVELS = { fatal: 60, error: 50, warn: 40, info: 30, debug: 20, trace: 10 } as const;
type Level = keyof typeof LEVELS;

export type PrimaryLog = Record<Level, (message: string, details?: Record<string, unknown>) => void>;

/**
 * The cluster primary's log: one JSON line per entry on stdout, shaped like the workers' (fastify's pino)
 * lines and filtered by the same log_level, so the gateway's output reads as one stream.
 */
export function primaryLog(
  level: Config["log_level"],
  write: (line: string) => void = (line) => process.stdout.write(line),
) {
  const threshold = level === "silent" ? Number.POSITIVE_INFINITY : LEVELS[level];
  const host = hostname();
  const entry =
    (name: Level) =>
    (message: string, details: Record<string, unknown> = {}): void => {
      if (LEVELS[name] < threshold) return;
      const line = { level: LEVELS[name], time: Date.now(), pid: process.pid, hostname: host, ...details };
      write(`${JSON.stringify({ ...line, msg: message })}\n`);
    };
  const log: PrimaryLog = {
    fatal: entry("fatal"),
    error: entry("error"),
    warn: entry("warn"),
    info: entry("info"),
    debug: entry("debug"),
    trace: entry("trace"),
  };
  return log;
}
