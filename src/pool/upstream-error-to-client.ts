import { AgateError, type AgateErrorOptions } from "../errors.js";
import { redactText } from "../observability/redact-body.js";
import type { UpstreamError } from "../upstream/upstream-error.js";
import type { AccountKind } from "./account.js";
import { isCreditGone } from "./classify.js";

/** Gemini's words for an input over the model's context window. */
const CONTEXT_TOO_LONG = /input token count .*exceeds the maximum number of tokens/i;
/** What an upstream's `param` or `code` may look like to be passed on: a name, a field path. */
const PLAIN_NAME = /^[\w.[\]$:-]{1,128}$/;

const UPSTREAM_NAMES: Readonly<Record<AccountKind, string>> = {
  gemini: "Gemini",
  cloudcode: "Cloud Code",
  openai: "the OpenAI-compatible server",
};

/**
 * The error a client sees when the last upstream attempt failed, or when the upstream failed after the
 * first event (pool.ts; then the stream's error frame): `model` is the upstream model the request was
 * mapped to (undefined where it is not known), `kind` the kind of the account that served. The upstream's
 * own message is passed on, prefixed so the user knows who said it, with what looks like a key or a token
 * in it and the accounts' own `secrets` redacted (keys travel in headers, but an upstream may quote what
 * it was sent); the UpstreamError is kept as the cause, for the log. A rate limit says to retry after the
 * upstream's delay, or sooner when another account frees up first (`freeInMs`: 0 when one is free now).
 * An OpenAI-compatible server's own `param` and `code` (error.openai) come along on a client error, and its
 * `insufficient_quota` on a 429, when they are plain names with nothing secret in them.
 * A server-side failure tells the client's SDK not to retry: agate has already made its attempts (max_attempts,
 * backing off within its wait budget), and each retry of the SDK would make them all again.
 */
export function upstreamErrorToClient(
  error: UpstreamError,
  model: string | undefined,
  kind: AccountKind = "gemini",
  {
    secrets = [],
    freeInMs = Number.POSITIVE_INFINITY,
  }: { secrets?: readonly (string | undefined)[]; freeInMs?: number } = {},
): AgateError {
  const named = model === undefined ? "the model" : `'${model}'`;
  const said = `Upstream (${UPSTREAM_NAMES[kind]}) said: ${redactText(error.message, secrets)}`;
  const status = error.status;
  const clientError = (message: string, options: Omit<AgateErrorOptions, "cause">) =>
    new AgateError(message, {
      ...options,
      ...(options.status >= 500 ? { clientRetry: false } : {}),
      cause: error,
    });
  if (error.oauth !== undefined) {
    return clientError(
      `The account's OAuth sign-in failed (${error.oauth.error}); sign the account in again. ${said}`,
      { status: 503, type: "server_error", code: "upstream_auth_failed" },
    );
  }
  if (error.kind === "timeout") {
    return clientError(`The upstream did not answer in time for ${named}. ${said}`, {
      status: 504,
      type: "server_error",
      code: "upstream_timeout",
    });
  }
  if (status === 429) {
    const delayMs = retryDelayMs(error, freeInMs);
    const retryAfterSeconds = Math.max(1, Math.ceil(delayMs / 1000));
    return clientError(said, {
      status: 429,
      type: "rate_limit_error",
      code: isCreditGone(error) ? "insufficient_quota" : "rate_limit_exceeded",
      retryAfterSeconds,
    });
  }
  if (status === 404) {
    return clientError(
      `The upstream does not serve ${model === undefined ? named : `model ${named}`}. ${said}`,
      {
        status: 404,
        type: "invalid_request_error",
        code: "model_not_found",
        param: "model",
      },
    );
  }
  if (status === 401 || status === 403) {
    return clientError(`No account was allowed to use ${named}. ${said}`, {
      status: 503,
      type: "server_error",
      code: "upstream_auth_failed",
    });
  }
  if (status === 400 && CONTEXT_TOO_LONG.test(error.message)) {
    // OpenAI's code for it: clients that trim or compact their history on it (Codex) do so here too.
    return clientError(`The input is longer than ${named} can take. ${said}`, {
      status: 400,
      type: "invalid_request_error",
      code: "context_length_exceeded",
    });
  }
  if (status !== undefined && status >= 400 && status < 500) {
    const param = plainName(error.openai?.param, secrets);
    return clientError(said, {
      status: 400,
      type: "invalid_request_error",
      code: plainName(error.openai?.code, secrets) ?? "upstream_invalid_request",
      ...(param === undefined ? {} : { param }),
    });
  }
  return clientError(`The upstream failed for ${named}. ${said}`, {
    status: 502,
    type: "server_error",
    code: "bad_upstream_response",
  });
}

/** The upstream's `param` or `code` when it is a plain name and no secret shows in it; else undefined. */
function plainName(value: string | undefined, secrets: readonly (string | undefined)[]): string | undefined {
  if (value === undefined || !PLAIN_NAME.test(value)) return undefined;
  return redactText(value, secrets) === value ? value : undefined;
}

/**
 * When a rate-limited client should retry: the upstream's delay, or sooner when an account frees up first
 * (`freeInMs`: 0 when one is free now). Where the upstream gave no delay (a quota's reset said only in words
 * or as a timestamp), when the first account frees up: the pool rested each one until its reset.
 */
function retryDelayMs(error: UpstreamError, freeInMs: number): number {
  const upstreamMs = error.google?.retryDelayMs ?? error.retryAfterMs ?? error.google?.quotaResetDelayMs;
  if (upstreamMs !== undefined) return Math.min(freeInMs, upstreamMs);
  return Number.isFinite(freeInMs) && freeInMs > 0 ? freeInMs : 1000;
}
