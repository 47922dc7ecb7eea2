import { AgateError } from "../errors.js";
import { redactText } from "../observability/redact-body.js";
import type { UpstreamError } from "../upstream/upstream-error.js";
import type { AccountKind } from "./account.js";

/** Gemini's words for an input over the model's context window. */
const CONTEXT_TOO_LONG = /input token count .*exceeds the maximum number of tokens/i;

const UPSTREAM_NAMES: Readonly<Record<AccountKind, string>> = {
  gemini: "Gemini",
  cloudcode: "Cloud Code",
  openai: "the OpenAI-compatible server",
};

/**
 * The error a client sees when the last upstream attempt failed. The upstream's own message is passed on,
 * prefixed so the user knows who said it, with what looks like a key or a token in it and the accounts'
 * own `secrets` redacted (keys travel in headers, but an upstream may quote what it was sent).
 */
export function upstreamErrorToClient(
  error: UpstreamError,
  model: string,
  kind: AccountKind = "gemini",
  secrets: readonly (string | undefined)[] = [],
): AgateError {
  const said = `Upstream (${UPSTREAM_NAMES[kind]}) said: ${redactText(error.message, secrets)}`;
  const status = error.status;
  if (error.oauth !== undefined) {
    return new AgateError(
      `The account's OAuth sign-in failed (${error.oauth.error}); sign the account in again. ${said}`,
      { status: 503, type: "server_error", code: "upstream_auth_failed" },
    );
  }
  if (error.kind === "timeout") {
    return new AgateError(`The upstream did not answer in time for '${model}'. ${said}`, {
      status: 504,
      type: "server_error",
      code: "upstream_timeout",
    });
  }
  if (status === 429) {
    const retryAfterSeconds = Math.max(
      1,
      Math.ceil((error.google?.retryDelayMs ?? error.retryAfterMs ?? 1000) / 1000),
    );
    return new AgateError(said, {
      status: 429,
      type: "rate_limit_error",
      code: "rate_limit_exceeded",
      retryAfterSeconds,
    });
  }
  if (status === 404) {
    return new AgateError(`The upstream does not serve model '${model}'. ${said}`, {
      status: 404,
      type: "invalid_request_error",
      code: "model_not_found",
      param: "model",
    });
  }
  if (status === 401 || status === 403) {
    return new AgateError(`No account was allowed to use '${model}'. ${said}`, {
      status: 503,
      type: "server_error",
      code: "upstream_auth_failed",
    });
  }
  if (status === 400 && CONTEXT_TOO_LONG.test(error.message)) {
    // OpenAI's code for it: clients that trim or compact their history on it (Codex) do so here too.
    return new AgateError(`The input is longer than '${model}' can take. ${said}`, {
      status: 400,
      type: "invalid_request_error",
      code: "context_length_exceeded",
    });
  }
  if (status !== undefined && status >= 400 && status < 500) {
    return new AgateError(said, {
      status: 400,
      type: "invalid_request_error",
      code: "upstream_invalid_request",
    });
  }
  return new AgateError(`The upstream failed for '${model}'. ${said}`, {
    status: 502,
    type: "server_error",
    code: "bad_upstream_response",
  });
}
