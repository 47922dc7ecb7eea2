import { throwIfErrorPayload } from "../upstream-json.js";
import type { CodeAssistResponseEnvelope } from "./wire-types.js";

/**
 * Cloud Code's JSON values (the whole body, or every SSE data line) are `{response, traceId}` envelopes: the
 * GenerateContentResponse inside, decoded as the Gemini API's (gemini/generate-content-calls.ts); an error
 * object in the envelope's place becomes an UpstreamError.
 */
export function unwrapEnvelope(data: unknown): NonNullable<CodeAssistResponseEnvelope["response"]> {
  throwIfErrorPayload(data);
  const envelope = (typeof data === "object" && data !== null ? data : {}) as CodeAssistResponseEnvelope;
  return envelope.response ?? {};
}
