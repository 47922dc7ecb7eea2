import {
  AgateError,
  bodyTooLarge,
  internalError,
  invalidRequest,
  unsupportedMediaType,
  upstreamTimeout,
} from "../errors.js";
import { upstreamErrorToClient } from "../pool/upstream-error-to-client.js";
import { UpstreamError } from "../upstream/upstream-error.js";

interface FrameworkError {
  code?: unknown;
  statusCode?: unknown;
  message?: unknown;
}

/**
 * The one place any thrown thing becomes an AgateError (and so an HTTP status and OpenAI error JSON).
 * Unknown errors become a 500 whose message names no internals.
 */
export function toAgateError(
  error: unknown,
  context: { bodyLimit: number; contentType?: string },
): AgateError {
  if (error instanceof AgateError) return error;
  // An upstream failure after the first byte (a stream cut midway, a malformed chunk) comes from the pool
  // already as the client's error, naming the model and the upstream's kind (pool.ts). One that reached here
  // any other way is still the upstream's fault, not ours: said so, without a model to name.
  if (error instanceof UpstreamError) return upstreamErrorToClient(error, undefined);
  if (error instanceof Error && error.name === "TimeoutError") {
    return upstreamTimeout("The upstream did not finish within request_timeout_ms.");
  }
  const framework = (typeof error === "object" && error !== null ? error : {}) as FrameworkError;
  switch (framework.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return bodyTooLarge(context.bodyLimit);
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return unsupportedMediaType(context.contentType ?? "(none)");
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return invalidRequest("The request body is empty: send a JSON object.", null, "invalid_json");
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return invalidRequest("The Content-Length header does not match the body.", null, "invalid_request");
  }
  const status = typeof framework.statusCode === "number" ? framework.statusCode : 500;
  if (
    error instanceof SyntaxError ||
    (status === 400 && /JSON|prototype|constructor/i.test(String(framework.message)))
  ) {
    return invalidRequest(
      "The request body is not valid JSON (or uses a forbidden key such as __proto__): send one JSON object.",
      null,
      "invalid_json",
    );
  }
  if (status === 413) return bodyTooLarge(context.bodyLimit);
  if (status === 415) return unsupportedMediaType(context.contentType ?? "(none)");
  if (status >= 400 && status < 500) {
    return invalidRequest(
      `The request could not be read: ${String(framework.message)}`,
      null,
      "invalid_request",
    );
  }
  return internalError();
}
