/**
 * What a route would answer on success, before any scripted fault bends it: one JSON body, or the events of
 * a stream. Faults that cut or corrupt the output work from it.
 */
export interface Payload {
  stream: boolean;
  /** The body for JSON (exactly one), every `data:` object for a stream. */
  events: unknown[];
  /** The Gemini API ends SSE lines with CRLF; Cloud Code with LF. */
  lineEnding: "\r\n" | "\n";
}

export function jsonPayload(body: unknown): Payload {
  return { stream: false, events: [body], lineEnding: "\n" };
}
