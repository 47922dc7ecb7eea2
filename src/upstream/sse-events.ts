import { createParser, type EventSourceParser } from "eventsource-parser";
import { UpstreamError } from "./upstream-error.js";

/**
 * Bytes of an SSE body → the `data` payload of each event, parsed as JSON (`[DONE]` as undefined), chunk by
 * chunk and synchronously, so that the client reading the body pays no async step per event. Chunk
 * boundaries anywhere (also inside a UTF-8 sequence) are fine. A data line that is not JSON is a typed
 * "malformed" error, thrown when that event is reached (the ones before it come out first).
 */
export class SseJsonDecoder {
  private readonly text = new TextDecoder();
  private readonly pending: string[] = [];
  private readonly parser: EventSourceParser = createParser({
    onEvent: (event) => {
      this.pending.push(event.data);
    },
  });

  /** The events that `bytes` completes. */
  push(bytes: Uint8Array): Generator<unknown> {
    this.parser.feed(this.text.decode(bytes, { stream: true }));
    return this.take();
  }

  /** The events left when the body ends, a last one without its closing blank line included. */
  end(): Generator<unknown> {
    this.parser.feed(this.text.decode());
    this.parser.feed("\n\n");
    return this.take();
  }

  private *take(): Generator<unknown> {
    while (this.pending.length > 0) yield parseData(this.pending.shift() ?? "");
  }
}

function parseData(data: string): unknown {
  if (data === "[DONE]") return undefined;
  try {
    return JSON.parse(data);
  } catch (error) {
    throw new UpstreamError("upstream sent a stream event that is not JSON", {
      kind: "malformed",
      rawBody: data.slice(0, 1024),
      cause: error,
    });
  }
}
