/**
 * What agate remembers about one finished request: the row of the request log, the line of the structured
 * log, the event of the live feed and the input of the metrics and usage roll-ups. Never a secret: the
 * client key is a label (`key-1`), the account an id and its label.
 */
export interface RequestRecord {
  /** The request id (X-Request-Id). */
  id: string;
  /** When the request arrived, epoch milliseconds. */
  time: number;
  method: string;
  /** The route pattern (`/v1/responses/:id`), `unmatched` for a 404; never the raw URL. */
  route: string;
  /** Which of api_keys the client used (its name, else `key-` and 8 hex digits), null without one. */
  clientKey: string | null;
  requestedModel: string | null;
  mappedModel: string | null;
  accountId: string | null;
  accountLabel: string | null;
  /** Upstream attempts made for the request, over every pool call. */
  attempts: number;
  status: number;
  /** The OpenAI error code agate answered with (also for an error frame after the first byte). */
  errorCode: string | null;
  errorType: ErrorType;
  /** From arrival to the first byte of the answer; null when nothing was sent. */
  ttfbMs: number | null;
  totalMs: number;
  /** Time to first byte minus the time spent waiting on the upstream: agate's own share. */
  overheadMs: number | null;
  promptTokens: number;
  completionTokens: number;
  reasoningTokens: number;
  cachedTokens: number;
  stream: boolean;
  /** Only with log_bodies: the redacted, capped bodies. */
  requestBody: string | null;
  responseBody: string | null;
}

/**
 * A closed vocabulary for what went wrong, fit for a metrics label: agate's own 429s (every account
 * cooling or busy) apart from the upstream's.
 */
export type ErrorType =
  | "none"
  | "auth"
  | "bad_request"
  | "not_found"
  | "agate_rate_limit"
  | "upstream_rate_limit"
  | "upstream_error"
  | "upstream_timeout"
  | "no_accounts"
  | "client_closed"
  | "internal";

const AGATE_RATE_LIMITS = new Set(["all_accounts_cooling", "all_accounts_busy"]);
const UPSTREAM_ERRORS = new Set([
  "bad_upstream_response",
  "upstream_auth_failed",
  "upstream_invalid_request",
  "upstream_finish_reason",
  "model_not_found",
]);

/** The error type of an answer from its status and code; `clientClosed` when the client left first. */
export function errorTypeOf(status: number, code: string | null, clientClosed = false): ErrorType {
  if (clientClosed) return "client_closed";
  if (code === null) return status < 400 ? "none" : statusType(status);
  if (AGATE_RATE_LIMITS.has(code)) return "agate_rate_limit";
  if (code === "rate_limit_exceeded") return "upstream_rate_limit";
  if (code === "upstream_timeout") return "upstream_timeout";
  if (code === "no_accounts") return "no_accounts";
  if (UPSTREAM_ERRORS.has(code)) return "upstream_error";
  return status < 400 ? "upstream_error" : statusType(status);
}

function statusType(status: number): ErrorType {
  if (status === 401 || status === 403) return "auth";
  if (status === 404) return "not_found";
  if (status === 429) return "agate_rate_limit";
  if (status < 500) return "bad_request";
  return "internal";
}

/** The record as the admin API and the live feed show it (snake_case, ISO time, bodies left out). */
export function recordToJson(record: RequestRecord, withBodies = false): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: record.id,
    time: new Date(record.time).toISOString(),
    method: record.method,
    route: record.route,
    client_key: record.clientKey,
    requested_model: record.requestedModel,
    mapped_model: record.mappedModel,
    account_id: record.accountId,
    account_label: record.accountLabel,
    attempts: record.attempts,
    status: record.status,
    error_code: record.errorCode,
    error_type: record.errorType,
    ttfb_ms: record.ttfbMs,
    total_ms: record.totalMs,
    overhead_ms: record.overheadMs,
    prompt_tokens: record.promptTokens,
    completion_tokens: record.completionTokens,
    reasoning_tokens: record.reasoningTokens,
    cached_tokens: record.cachedTokens,
    stream: record.stream,
  };
  if (withBodies) {
    json.request_body = record.requestBody;
    json.response_body = record.responseBody;
  }
  return json;
}
