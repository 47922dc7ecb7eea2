import { AgateError } from "../errors.js";
import type { UpstreamError } from "../upstream/upstream-error.js";
import type { AccountKind } from "./account.js";

const UPSTREAM_NAMES: Readonly<Record<AccountKind, string>> = {
  gemini: "Gemini",
  cloudcode: "Cloud Code",
  openai: "the OpenAI-compatible server",
};

/**
 * The error a client sees when the last upstream attempt failed. The upstream's own message is passed on
 * (it never holds our secrets: keys travel in headers), prefixed so the user knows who said it.
 */
export function upstreamErrorToClient(
  error: UpstreamError,
  model: string,
  kind: AccountKind = "gemini",
): AgateError {
  const said = `Upstream (${UPSTREAM_NAMES[kind]}) said: ${error.message}`;
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
