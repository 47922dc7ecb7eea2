import type { GenerateEvent } from "../../hub/types.js";
import { GeminiResponseDecoder } from "../gemini/decode-response.js";
import { HeldFinishes } from "../gemini/held-finishes.js";
import { SseJsonDecoder } from "../sse-events.js";
import { parseUpstreamJson, throwIfErrorPayload } from "../upstream-json.js";
import type { CodeAssistResponseEnvelope } from "./wire-types.js";

/**
 * Cloud Code answers → hub events: each `{response, traceId}` envelope (the JSON body, or every SSE data
 * line) is unwrapped and what is inside decoded as a Gemini GenerateContentResponse. Synchronous, chunk by
 * chunk (see SseJsonDecoder), so that the client reading the body pays no async step per event. Finishes and
 * usage come when the stream ends (HeldFinishes).
 */
export class EnvelopeDecoder {
  private readonly decoder: GeminiResponseDecoder;
  private readonly sse = new SseJsonDecoder();
  private readonly held = new HeldFinishes();

  constructor(newToolCallId: () => string) {
    this.decoder = new GeminiResponseDecoder(newToolCallId);
  }

  /** A whole JSON answer. */
  json(text: string): GenerateEvent[] {
    return this.decoder.decodeWhole(unwrap(parseUpstreamJson(text)), text);
  }

  /** The events that a chunk of an SSE answer completes. */
  *push(bytes: Uint8Array): Generator<GenerateEvent> {
    yield* this.events(this.sse.push(bytes));
  }

  /** The last events of an SSE answer; one that never gave a finish reason is an error. */
  *end(): Generator<GenerateEvent> {
    yield* this.events(this.sse.end());
    yield* this.held.end();
  }

  private *events(batch: Iterable<unknown>): Generator<GenerateEvent> {
    for (const data of batch) {
      if (data === undefined) continue;
      for (const event of this.decoder.decode(unwrap(data))) if (this.held.passes(event)) yield event;
    }
  }
}

/** The GenerateContentResponse inside an envelope; an error object in its place becomes an UpstreamError. */
function unwrap(data: unknown): NonNullable<CodeAssistResponseEnvelope["response"]> {
  throwIfErrorPayload(data);
  const envelope = (typeof data === "object" && data !== null ? data : {}) as CodeAssistResponseEnvelope;
  return envelope.response ?? {};
}
