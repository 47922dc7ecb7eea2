/**
 * pino's JSON lines as a person reads them in a terminal: the time, the level, the message (for a request's
 * line: method, route, status and duration), then the other fields as key=value, nulls left out; an error's
 * stack on the lines below. `log_format: "auto"` (the default) writes them where stdout is a terminal and
 * JSON anywhere else (a file, a pipe, journald, a container's log collector).
 */

export type LogFormat = "auto" | "json" | "pretty";

/** Whether `format` means human lines on `stream`. */
export function writesPretty(format: LogFormat, stream: { isTTY?: boolean } = process.stdout): boolean {
  return format === "pretty" || (format === "auto" && stream.isTTY === true);
}

const LEVEL_NAMES: Record<number, string> = {
  10: "TRACE",
  20: "DEBUG",
  30: "INFO",
  40: "WARN",
  50: "ERROR",
  60: "FATAL",
};
const LEVEL_COLORS: Record<number, string> = { 10: "90", 20: "36", 30: "32", 40: "33", 50: "31", 60: "35" };
/** Fields every line has, or that the line's head shows. */
const SHOWN = new Set(["level", "time", "pid", "hostname", "msg", "err"]);
/** The fields a request's line shows in its head, after the message. */
const REQUEST_SHOWN = new Set([...SHOWN, "method", "route", "status", "ms"]);

/** One pino JSON line (without its newline) → one or more human lines (each ending in a newline). */
export function prettyLine(json: string, colors = false): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return `${json}\n`;
  }
  if (entry === null || typeof entry !== "object" || Array.isArray(entry)) return `${json}\n`;
  const level = typeof entry.level === "number" ? entry.level : 30;
  const name = (LEVEL_NAMES[level] ?? String(level)).padEnd(5);
  const head = [clock(entry.time), colors ? `\x1b[${LEVEL_COLORS[level] ?? "0"}m${name}\x1b[0m` : name];
  const request = typeof entry.method === "string" && typeof entry.route === "string";
  const message = request ? requestMessage(entry) : typeof entry.msg === "string" ? entry.msg : "";
  if (message !== "") head.push(message);
  const shown = request ? REQUEST_SHOWN : SHOWN;
  for (const [key, value] of Object.entries(entry)) {
    if (shown.has(key) || value === null || value === undefined) continue;
    head.push(`${key}=${typeof value === "string" ? quoted(value) : JSON.stringify(value)}`);
  }
  const err = entry.err;
  if (err !== null && typeof err === "object") {
    for (const [key, value] of Object.entries(err)) {
      if (ERROR_SHOWN.has(key) || value === null || value === undefined) continue;
      head.push(`err.${key}=${typeof value === "string" ? quoted(value) : JSON.stringify(value)}`);
    }
  }
  return `${head.join(" ")}\n${errorLines(err)}`;
}

/** An error's fields its lines below show. */
const ERROR_SHOWN = new Set(["type", "message", "stack"]);

/** A destination for pino (`write` gets whole JSON lines) that writes them as human lines. */
export class PrettyLog {
  constructor(
    private readonly out: (text: string) => void = (text) => process.stdout.write(text),
    private readonly colors = process.stdout.isTTY === true && process.env.NO_COLOR === undefined,
  ) {}

  write(chunk: string): void {
    for (const line of chunk.split("\n")) if (line !== "") this.out(prettyLine(line, this.colors));
  }
}

function clock(time: unknown): string {
  const date = new Date(typeof time === "number" ? time : Date.now());
  const pad = (value: number, width = 2) => String(value).padStart(width, "0");
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** A request's line: `request POST /v1/chat/completions 200 30 ms`. */
function requestMessage(entry: Record<string, unknown>): string {
  const parts = [typeof entry.msg === "string" ? entry.msg : "", entry.method, entry.route];
  if (typeof entry.status === "number") parts.push(String(entry.status));
  if (typeof entry.ms === "number") parts.push(`${entry.ms} ms`);
  return parts.filter((part) => part !== "").join(" ");
}

/** Strings with spaces, quotes or nothing in them are quoted, as JSON. */
const quoted = (value: string): string => (/^[^\s"=]+$/.test(value) ? value : JSON.stringify(value));

/** pino's serialised error: its stack (or type and message), indented below the line. */
function errorLines(err: unknown): string {
  if (err === null || typeof err !== "object") return "";
  const { stack, type, message } = err as { stack?: unknown; type?: unknown; message?: unknown };
  const text = typeof stack === "string" ? stack : `${String(type ?? "Error")}: ${String(message ?? "")}`;
  return text
    .split("\n")
    .map((line) => `    ${line}\n`)
    .join("");
}
