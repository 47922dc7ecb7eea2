import type { GenerateEvent } from "../../hub/types.js";
import { SseJsonDecoder } from "../sse-events.js";
import { throwIfErrorPayload } from "../upstream-json.js";
import { type AnswerAsked, GeminiResponseDecoder } from "./decode-response.js";
import { HeldFinishes } from "./held-finishes.js";
import type { GeminiResponse } from "./wire-types.js";

/**
 * A streamed Gemini answer (`:streamGenerateContent?alt=sse`) → hub events, chunk by chunk and synchronously,
 * so that the client reading the body pays no async step per event. Each SSE data line goes through `unwrap`
 * (Cloud Code wraps the GenerateContentResponse in an envelope) and an error object in its place becomes an
 * UpstreamError. Finishes and usage come when the stream ends (held-finishes.ts); a candidate that never
 * finished is an error there. `asked`: what the request asked for that shapes its answer (answerAskedBy).
 */
export class GeminiStreamDecoder {
  private readonly decoder: GeminiResponseDecoder;
  private readonly sse = new SseJsonDecoder();
  private readonly held = new HeldFinishes();

  constructor(
    newToolCallId: () => string,
    asked: AnswerAsked,
    private readonly unwrap: (data: unknown) => GeminiResponse = bareResponse,
  ) {
    this.decoder = new GeminiResponseDecoder(newToolCallId, asked);
  }

  /** The events that a chunk of the body completes. */
  *push(bytes: Uint8Array): Generator<GenerateEvent> {
    yield* this.events(this.sse.push(bytes));
  }

  /**
   * The usage the stream reported before it failed (held for its end, which never came), to pass on before
   * the failure: Google billed those tokens, and agate's own usage counts them.
   */
  usageSoFar(): GenerateEvent | undefined {
    return this.held.heldUsage();
  }

  /** The last events, when the body ends. */
  *end(): Generator<GenerateEvent> {
    yield* this.events(this.sse.end());
    yield* this.held.end();
  }

  private *events(batch: Iterable<unknown>): Generator<GenerateEvent> {
    for (const data of batch) {
      if (data === undefined) continue;
      for (const event of this.decoder.decode(this.unwrap(data))) if (this.held.passes(event)) yield event;
    }
  }
}

/** The Gemini API's JSON values: the GenerateContentResponse itself; an error object in its place throws. */
export function bareResponse(data: unknown): GeminiResponse {
  throwIfErrorPayload(data);
  return data as GeminiResponse;
}
