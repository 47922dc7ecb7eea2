import { type Exchange, isGone } from "./exchange.js";
import { googleError } from "./google-error.js";
import { jsonContentType, sendText } from "./http-io.js";
import type { Payload } from "./payload.js";
import type { SimFault } from "./script-types.js";
import { dataLine, startEventStream, writeEvents, writeThenDestroy } from "./stream-writer.js";

const brokenEvent = '{"candidates": [{"content": {"parts": [{"text": "this is not json';

/** Plays a scripted network or protocol fault over what the route would have answered. */
export async function runFault(
  exchange: Exchange,
  fault: SimFault,
  payload: Payload,
  chunkDelayMs: number,
): Promise<void> {
  switch (fault.fault) {
    case "reset":
      exchange.request.socket.resetAndDestroy();
      return;
    case "hang":
      return; // close() destroys the socket.
    case "cut":
      return cut(exchange, payload, fault.afterChunks, chunkDelayMs);
    case "malformed-json": {
      const whole = JSON.stringify(payload.events[0] ?? {});
      sendText(exchange.response, 200, jsonContentType, whole.slice(0, Math.ceil(whole.length / 2)));
      return;
    }
    case "malformed-sse":
      return streamThen(exchange, payload, fault.afterChunks ?? 0, chunkDelayMs, brokenEvent);
    case "stream-error": {
      const body = fault.body ?? googleError(500, "Internal error encountered.");
      return streamThen(exchange, payload, fault.afterChunks ?? 0, chunkDelayMs, JSON.stringify(body));
    }
  }
}

/** Stream: n chunks then a dead socket. JSON: the headers, half the body, then a dead socket. */
async function cut(
  exchange: Exchange,
  payload: Payload,
  afterChunks: number,
  chunkDelayMs: number,
): Promise<void> {
  if (!payload.stream) {
    const whole = JSON.stringify(payload.events[0] ?? {});
    exchange.response.writeHead(200, {
      "content-type": jsonContentType,
      "content-length": Buffer.byteLength(whole),
    });
    return writeThenDestroy(exchange, whole.slice(0, Math.floor(whole.length / 2)));
  }
  startEventStream(exchange.response);
  const sent = payload.events.slice(0, Math.max(0, afterChunks));
  if (await writeEvents(exchange, sent, payload.lineEnding, chunkDelayMs)) writeThenDestroy(exchange, "");
}

/** A 200 SSE stream of n good chunks, then one `data:` line with `finalData`, then a clean end. */
async function streamThen(
  exchange: Exchange,
  payload: Payload,
  afterChunks: number,
  chunkDelayMs: number,
  finalData: string,
): Promise<void> {
  startEventStream(exchange.response);
  const sent = payload.events.slice(0, Math.max(0, afterChunks));
  if (!(await writeEvents(exchange, sent, payload.lineEnding, chunkDelayMs))) return;
  if (sent.length > 0 && chunkDelayMs > 0) await exchange.state.waits.wait(chunkDelayMs);
  if (isGone(exchange)) return;
  exchange.response.end(dataLine(finalData, payload.lineEnding));
}
