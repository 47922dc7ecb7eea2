import { isRealOutput, untilRealOutput } from "../hub/real-output.js";
import { toolCallFilter } from "../hub/single-tool-call.js";
import { carrySignature } from "../hub/thought-signatures.js";
import type { GenerateEvent, GenerateRequest } from "../hub/types.js";
import { type Pool, type PoolResult, type PoolTrace, settledEvents } from "../pool/pool.js";
import { type AnswerTaps, answerEvents } from "./answer-events.js";

/** Gemini's way of saying it produced a function call it could not serialise; a second try usually works. */
const RETRYABLE_FINISH = "MALFORMED_FUNCTION_CALL";

/**
 * Runs the pool and, when the answer is nothing but a MALFORMED_FUNCTION_CALL finish (so nothing has been
 * sent to the client yet; an empty part or a usage before it says nothing: hub/real-output.ts), asks once
 * more. A second failure is surfaced by the encoders, never as `stop`.
 * The answer's events pass through `taps` (signatures carried, observation): a whole answer's all at once.
 * A request with parallel tool calls off keeps only each candidate's first tool call (hub/single-tool-call.ts).
 */
export async function executeWithMalformedRetry(
  pool: Pool,
  request: GenerateRequest,
  signal: AbortSignal,
  trace: PoolTrace,
  taps: AnswerTaps,
): Promise<PoolResult> {
  let result = await pool.execute(request, signal, trace);
  let answer = result.whole === undefined ? await firstStreamed(result) : firstOfWhole(result.whole);
  if (isRetryable(answer.head)) {
    await answer.iterator?.return?.();
    const retryTrace: PoolTrace = { attempts: 0 };
    try {
      result = await pool.execute(request, signal, retryTrace);
    } finally {
      trace.attempts += retryTrace.attempts;
      if (retryTrace.lastAccount !== undefined) trace.lastAccount = retryTrace.lastAccount;
    }
    answer = result.whole === undefined ? await firstStreamed(result) : firstOfWhole(result.whole);
  }
  // With parallel tool calls off, the answer's later calls are dropped here, for every protocol.
  const keeps = toolCallFilter(request);
  const answerTaps = keeps === undefined ? taps : { ...taps, keeps };
  if (answer.whole !== undefined) return tappedWhole(result, answer.whole, answerTaps);
  result.events = answerEvents(answer.head, answer.iterator, answerTaps);
  return result;
}

/**
 * An answer's events up to its first real output (`head`, that output last; the pool has them already), and
 * the rest: its iterator (streamed), or the whole answer.
 */
type Answer =
  | { head: IteratorResult<GenerateEvent>[]; iterator: AsyncIterator<GenerateEvent>; whole?: undefined }
  | { head: IteratorResult<GenerateEvent>[]; iterator?: undefined; whole: readonly GenerateEvent[] };

/** A whole answer's first real output, without a promise: the answer is already there. */
function firstOfWhole(whole: readonly GenerateEvent[]): Answer {
  const real = whole.find(isRealOutput);
  return { head: real === undefined ? [] : [{ done: false, value: real }], whole };
}

async function firstStreamed(result: PoolResult): Promise<Answer> {
  const iterator = result.events[Symbol.asyncIterator]();
  return { head: await untilRealOutput(() => iterator.next()), iterator };
}

/** Whether the answer's first real output is a MALFORMED_FUNCTION_CALL finish. */
function isRetryable(head: readonly IteratorResult<GenerateEvent>[]): boolean {
  const last = head.at(-1);
  return (
    last !== undefined &&
    last.done !== true &&
    last.value.type === "finish" &&
    last.value.rawReason === RETRYABLE_FINISH
  );
}

/** A whole answer through the taps in one pass, as `answerEvents` passes a streamed one event by event. */
function tappedWhole(result: PoolResult, whole: readonly GenerateEvent[], taps: AnswerTaps): PoolResult {
  const kept = taps.keeps === undefined ? whole : whole.filter(taps.keeps);
  const events = kept.map((event) => {
    taps.seen?.(event);
    return carrySignature(event, taps.signatures);
  });
  taps.seen?.(undefined);
  return { ...result, whole: events, events: settledEvents(events) };
}
