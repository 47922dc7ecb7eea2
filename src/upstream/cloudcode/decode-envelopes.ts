import type { GenerateEvent } from "../../hub/types.js";
import { GeminiResponseDecoder } from "../gemini/decode-response.js";
import { SseJsonDecoder } from "../sse-events.js";
import { UpstreamError } from "../upstream-error.js";
import { parseUpstreamJson, throwIfErrorPayload } from "../upstream-json.js";
import type { CodeAssistResponseEnvelope } from "./wire-types.js";

/**
 * Cloud Code answers → hub events: each `{response, traceId}` envelope (the JSON body, or every SSE data
 * line) is unwrapped and what is inside decoded as a Gemini GenerateContentResponse.
 */
export async function* decodeEnvelopes(
  body: AsyncIterable<Uint8Array> & { text(): Promise<string> },
  stream: boolean,
  newToolCallId: () => string,
): AsyncGenerator<GenerateEvent> {
  const decoder = new GeminiResponseDecoder(newToolCallId);
  if (!stream) {
    for (const event of decoder.decode(unwrap(parseUpstreamJson(await body.text())))) yield event;
    return;
  }
  let finished = false;
  const eventsOf = function* (batch: Iterable<unknown>): Generator<GenerateEvent> {
    for (const data of batch) {
      if (data === undefined) continue;
      for (const event of decoder.decode(unwrap(data))) {
        if (event.type === "finish") finished = true;
        yield event;
      }
    }
  };
  const sse = new SseJsonDecoder();
  for await (const bytes of body) for (const event of eventsOf(sse.push(bytes))) yield event;
  for (const event of eventsOf(sse.end())) yield event;
  if (!finished) throw new UpstreamError("upstream stream ended without a finish reason", { kind: "stream" });
}

/** The GenerateContentResponse inside an envelope; an error object in its place becomes an UpstreamError. */
function unwrap(data: unknown): NonNullable<CodeAssistResponseEnvelope["response"]> {
  throwIfErrorPayload(data);
  const envelope = (typeof data === "object" && data !== null ? data : {}) as CodeAssistResponseEnvelope;
  return envelope.response ?? {};
}
