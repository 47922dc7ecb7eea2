/**
 * The one catalogue of errors agate produces. Each carries the HTTP status, the OpenAI error `type`,
 * a stable `code` and, where a client field is at fault, its `param`. src/server/error-handler.ts is the
 * only place that turns them into HTTP.
 */

export type OpenAIErrorType =
  | "invalid_request_error"
  | "authentication_error"
  | "permission_error"
  | "not_found_error"
  | "rate_limit_error"
  | "server_error"
  | "api_error";

export interface AgateErrorOptions {
  status: number;
  type: OpenAIErrorType;
  code: string | null;
  param?: string | null;
  /** Seconds for a Retry-After header. */
  retryAfterSeconds?: number;
  /**
   * false: the client's SDK should not retry the request as it is (`x-should-retry: false`), because agate
   * already made its own attempts or because nothing will have changed within the SDK's short backoff.
   */
  clientRetry?: boolean;
  cause?: unknown;
}

export class AgateError extends Error {
  readonly status: number;
  readonly type: OpenAIErrorType;
  readonly code: string | null;
  readonly param: string | null;
  readonly retryAfterSeconds: number | undefined;
  readonly clientRetry: boolean;

  constructor(message: string, options: AgateErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AgateError";
    this.status = options.status;
    this.type = options.type;
    this.code = options.code;
    this.param = options.param ?? null;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.clientRetry = options.clientRetry ?? true;
  }

  toJSON(): OpenAIErrorBody {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

export const invalidRequest = (message: string, param: string | null = null, code: string | null = null) =>
  new AgateError(message, { status: 400, type: "invalid_request_error", code, param });

export const invalidApiKey = (message: string) =>
  new AgateError(message, {
    status: 401,
    type: "invalid_request_error",
    code: "invalid_api_key",
    param: null,
  });

export const forbidden = (message: string, code: string) =>
  new AgateError(message, { status: 403, type: "permission_error", code });

export const notFound = (message: string, code = "not_found", param: string | null = null) =>
  new AgateError(message, { status: 404, type: "invalid_request_error", code, param });

export const bodyTooLarge = (limit: number) =>
  new AgateError(`The request body is larger than the limit of ${limit} bytes (body_limit_bytes).`, {
    status: 413,
    type: "invalid_request_error",
    code: "request_too_large",
  });

export const unsupportedMediaType = (contentType: string) =>
  new AgateError(
    `Content-Type '${contentType}' is not supported: send the body as JSON with 'Content-Type: application/json'.`,
    { status: 415, type: "invalid_request_error", code: "unsupported_media_type" },
  );

export const noAccounts = () =>
  new AgateError(
    "No upstream account is configured. Add one with `agate accounts add gemini --key <KEY>`, set GEMINI_API_KEY, " +
      "list accounts in the config file, or run `agate demo` to try agate with the built-in simulator.",
    { status: 503, type: "server_error", code: "no_accounts", clientRetry: false },
  );

/** `why`: what the accounts rest for, as it reads after "is" ("rate limited", "out of quota"). */
export const allAccountsCooling = (model: string, retryAfterSeconds: number, why = "rate limited") =>
  new AgateError(
    `Every account that can serve '${model}' is ${why}; retry after ${retryAfterSeconds} s${aboutHowLong(retryAfterSeconds)} or add accounts.`,
    { status: 429, type: "rate_limit_error", code: "all_accounts_cooling", retryAfterSeconds },
  );

/** A long wait in hours and minutes, for people (" (about 2 h 5 min)"); nothing under two minutes. */
function aboutHowLong(seconds: number): string {
  if (seconds < 120) return "";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return ` (about ${minutes} min)`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return ` (about ${hours} h${rest === 0 ? "" : ` ${rest} min`})`;
}

export const shuttingDown = () =>
  new AgateError("agate is stopping and takes no new requests; retry in a moment (on a new connection).", {
    status: 503,
    type: "server_error",
    code: "shutting_down",
  });

/** A request still running when shutdown_timeout_ms passed: stopped so that the process can exit. */
export const stoppedBeforeAnswered = () =>
  new AgateError(
    "agate stopped (shutdown_timeout_ms passed) before this answer was complete; retry the request.",
    { status: 503, type: "server_error", code: "shutting_down" },
  );

/** The upstream took longer than agate waits: a retry by the client would wait as long again. */
export const upstreamTimeout = (message: string) =>
  new AgateError(message, {
    status: 504,
    type: "server_error",
    code: "upstream_timeout",
    clientRetry: false,
  });

export const badUpstream = (message: string, code = "bad_upstream_response") =>
  new AgateError(message, { status: 502, type: "server_error", code });

/** A response answered but not kept: a client that continues from it would not find it. */
export const responseNotStored = (cause: unknown) =>
  new AgateError(
    `agate could not keep the response in its store (${cause instanceof Error ? cause.message : String(cause)}): ` +
      "check the disk of its data_dir (space, permissions), or send 'store: false' to answer without keeping it.",
    { status: 500, type: "server_error", code: "response_not_stored", cause },
  );

export const internalError = () =>
  new AgateError("agate hit an internal error; the request id in X-Request-Id identifies it in the log.", {
    status: 500,
    type: "server_error",
    code: "internal_error",
  });
