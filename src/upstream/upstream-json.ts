import { parseGoogleError } from "./google-error.js";
import { parseOpenAIError } from "./openai-error.js";
import { UpstreamError } from "./upstream-error.js";

/** An upstream body parsed as JSON; anything else is a typed "malformed" failure the pool can act on. */
export function parseUpstreamJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UpstreamError("upstream sent a body that is not JSON", {
      kind: "malformed",
      rawBody: text.slice(0, 1024),
      cause: error,
    });
  }
}

/** `{"error":{...}}` where an answer chunk should be: the server failed after it started answering. */
export function throwIfErrorPayload(data: unknown): void {
  const google = parseGoogleError(data);
  if (google === undefined) return;
  const code = (data as { error: { code?: unknown } }).error.code;
  const openai = parseOpenAIError(data);
  throw new UpstreamError(google.message ?? "upstream stream carried an error", {
    kind: "stream",
    google,
    ...(openai === undefined ? {} : { openai }),
    ...(typeof code === "number" ? { status: code } : {}),
  });
}
