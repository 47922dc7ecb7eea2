import type { GenerateRequest } from "../hub/types.js";
import type { Pool, PoolResult, PoolTrace } from "../pool/pool.js";
import { type AnswerTaps, answerEvents } from "./answer-events.js";

/** Gemini's way of saying it produced a function call it could not serialise; a second try usually works. */
const RETRYABLE_FINISH = "MALFORMED_FUNCTION_CALL";

/**
 * Runs the pool and, when the answer is nothing but a MALFORMED_FUNCTION_CALL finish (so nothing has been
 * sent to the client yet), asks once more. A second failure is surfaced by the encoders, never as `stop`.
 * The answer's events pass through `taps` (signatures carried, observation).
 */
export async function executeWithMalformedRetry(
  pool: Pool,
  request: GenerateRequest,
  signal: AbortSignal,
  trace: PoolTrace,
  taps: AnswerTaps,
): Promise<PoolResult> {
  let result = await pool.execute(request, signal, trace);
  let iterator = result.events[Symbol.asyncIterator]();
  let first = await iterator.next();
  if (first.done !== true && first.value.type === "finish" && first.value.rawReason === RETRYABLE_FINISH) {
    await iterator.return?.();
    const retryTrace: PoolTrace = { attempts: 0 };
    try {
      result = await pool.execute(request, signal, retryTrace);
    } finally {
      trace.attempts += retryTrace.attempts;
      if (retryTrace.lastAccount !== undefined) trace.lastAccount = retryTrace.lastAccount;
    }
    iterator = result.events[Symbol.asyncIterator]();
    first = await iterator.next();
  }
  result.events = answerEvents(first, iterator, taps);
  return result;
}
