import type { AgateError } from "../errors.js";
import { errorTypeOf } from "../observability/request-record.js";
import { ClientGoneError } from "./upstream-signal.js";

/** The level and fields of the log line a failed request gets beside its request line. */
export interface FailureLog {
  level: "warn" | "error";
  details: Record<string, unknown>;
}

/**
 * How a failed request is logged, beside its request line: not at all when the answer is the client's
 * doing (4xx), the client left, or agate is stopping; at warn, with what the client was told and no stack,
 * when an upstream or the pool said no as agate expects they may (a refused key or token, a timeout, an
 * upstream's 5xx or bad answer, no account to serve); at error with the error and its stack only when
 * agate itself failed (`answer`'s error type is internal).
 */
export function failureLog(error: unknown, answer: AgateError): FailureLog | undefined {
  if (answer.status < 500 || error instanceof ClientGoneError || answer.code === "shutting_down")
    return undefined;
  if (errorTypeOf(answer.status, answer.code) === "internal")
    return { level: "error", details: { err: error } };
  return { level: "warn", details: { code: answer.code, status: answer.status, reason: answer.message } };
}
