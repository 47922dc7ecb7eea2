import { createParser } from "eventsource-parser";
import { UpstreamError } from "./upstream-error.js";

/**
 * Bytes of an SSE body → the `data` payload of each event, parsed as JSON. Chunk boundaries anywhere
 * (also inside a UTF-8 sequence) are fine. A data line that is not JSON is a typed "malformed" error.
 */
export async function* sseJsonEvents(body: AsyncIterable<Uint8Array>): AsyncGenerator<unknown> {
  const decoder = new TextDecoder();
  const pending: string[] = [];
  const parser = createParser({
    onEvent: (event) => {
      pending.push(event.data);
    },
  });
  for await (const chunk of body) {
    parser.feed(decoder.decode(chunk, { stream: true }));
    while (pending.length > 0) yield parseData(pending.shift() ?? "");
  }
  parser.feed(decoder.decode());
  parser.feed("\n\n");
  while (pending.length > 0) yield parseData(pending.shift() ?? "");
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
