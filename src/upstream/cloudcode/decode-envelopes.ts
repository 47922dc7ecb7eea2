import type { GenerateEvent } from "../../hub/types.js";
import type { AnswerAsked } from "../gemini/decode-response.js";
import { GeminiStreamDecoder } from "../gemini/stream-decoder.js";
import { parseUpstreamJson, throwIfErrorPayload } from "../upstream-json.js";
import type { CodeAssistResponseEnvelope } from "./wire-types.js";

/**
 * Cloud Code answers → hub events: each `{response, traceId}` envelope (the JSON body, or every SSE data
 * line) is unwrapped and what is inside decoded as a Gemini GenerateContentResponse (stream-decoder.ts).
 */
export class EnvelopeDecoder extends GeminiStreamDecoder {
  /** `asked`: what the request asked for that shapes its answer (answerAskedBy). */
  constructor(newToolCallId: () => string, asked: AnswerAsked = {}) {
    super(newToolCallId, asked, unwrap);
  }

  /** A whole JSON answer. */
  json(text: string): GenerateEvent[] {
    return this.decoder.decodeWhole(unwrap(parseUpstreamJson(text)), text);
  }
}

/** The GenerateContentResponse inside an envelope; an error object in its place becomes an UpstreamError. */
function unwrap(data: unknown): NonNullable<CodeAssistResponseEnvelope["response"]> {
  throwIfErrorPayload(data);
  const envelope = (typeof data === "object" && data !== null ? data : {}) as CodeAssistResponseEnvelope;
  return envelope.response ?? {};
}
