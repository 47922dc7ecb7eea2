import { type Exchange, isGone, sendGoogleError } from "./exchange.js";
import { runFault } from "./fault-runner.js";
import { googleError } from "./google-error.js";
import { sendJson, sendText } from "./http-io.js";
import type { Payload } from "./payload.js";
import type { SimErrorResponse, SimReply } from "./script-types.js";
import type { RuleContext } from "./scripts.js";
import { writePayload } from "./stream-writer.js";
import type { GoogleErrorBody } from "./types.js";

/** Builds the successful answer; generation routes lay out a scripted reply, the others ignore it. */
export type PayloadBuilder = (reply: SimReply | undefined) => Payload;

/**
 * Answers a validated request with the first matching scripted rule; without one, with `refusal` if given
 * (an unknown model: scripts may still answer for it) or else the default payload.
 */
export async function serve(
  exchange: Exchange,
  context: RuleContext,
  build: PayloadBuilder,
  refusal?: GoogleErrorBody,
): Promise<void> {
  const rule = exchange.state.rules.take(context);
  if (rule === undefined && refusal !== undefined) return sendGoogleError(exchange, refusal);
  if (rule === undefined) return writePayload(exchange, build(undefined), 0);
  if (rule.delayMs !== undefined && rule.delayMs > 0) await exchange.state.waits.wait(rule.delayMs);
  if (isGone(exchange)) return;
  const chunkDelayMs = rule.chunkDelayMs ?? 0;
  const respond = rule.respond;
  if ("reply" in respond) return writePayload(exchange, build(respond.reply), chunkDelayMs);
  if ("error" in respond) return sendScriptedError(exchange, respond.error);
  return runFault(exchange, respond, build(undefined), chunkDelayMs);
}

function sendScriptedError(exchange: Exchange, error: SimErrorResponse): void {
  const body = error.body ?? googleError(error.status);
  const headers = error.headers ?? {};
  if (typeof body === "string") {
    const type = body.trimStart().startsWith("<") ? "text/html; charset=UTF-8" : "text/plain; charset=UTF-8";
    sendText(exchange.response, error.status, type, body, headers);
  } else {
    sendJson(exchange.response, error.status, body, headers);
  }
}
