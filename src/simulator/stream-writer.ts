import type { ServerResponse } from "node:http";
import { type Exchange, isGone } from "./exchange.js";
import { sendJson } from "./http-io.js";
import type { Payload } from "./payload.js";

export function startEventStream(response: ServerResponse): void {
  response.writeHead(200, {
    "content-type": "text/event-stream",
    "cache-control": "no-cache",
    "x-content-type-options": "nosniff",
  });
  response.flushHeaders();
}

export function dataLine(data: string, lineEnding: Payload["lineEnding"]): string {
  return `data: ${data}${lineEnding}${lineEnding}`;
}

/**
 * Writes `events` as `data:` lines, waiting `chunkDelayMs` between them.
 * Resolves false when the client or the simulator went away meanwhile.
 */
export async function writeEvents(
  exchange: Exchange,
  events: readonly unknown[],
  lineEnding: Payload["lineEnding"],
  chunkDelayMs: number,
): Promise<boolean> {
  for (const [index, event] of events.entries()) {
    if (index > 0 && chunkDelayMs > 0) await exchange.state.waits.wait(chunkDelayMs);
    if (isGone(exchange)) return false;
    exchange.response.write(dataLine(JSON.stringify(event), lineEnding));
  }
  return !isGone(exchange);
}

/** The successful answer: JSON, or a whole SSE stream. */
export async function writePayload(
  exchange: Exchange,
  payload: Payload,
  chunkDelayMs: number,
): Promise<void> {
  if (isGone(exchange)) return;
  if (!payload.stream) return sendJson(exchange.response, 200, payload.events[0]);
  startEventStream(exchange.response);
  if (await writeEvents(exchange, payload.events, payload.lineEnding, chunkDelayMs)) exchange.response.end();
}

/** Writes `text`, then closes the connection as soon as the bytes are flushed: the response never completes. */
export function writeThenDestroy(exchange: Exchange, text: string): void {
  if (text !== "" && !isGone(exchange)) exchange.response.write(text);
  exchange.request.socket.destroySoon();
}
