import { lastUsage } from "../hub/merge-answers.js";
import { isRealOutput } from "../hub/real-output.js";
import { toolCallFilter } from "../hub/single-tool-call.js";
import { carrySignature } from "../hub/thought-signatures.js";
import type { GenerateEvent, GenerateRequest, Usage } from "../hub/types.js";
import { addSpent, type Pool, type PoolResult, type PoolTrace, settledEvents } from "../pool/pool.js";
import { type AnswerTaps, answerEvents } from "./answer-events.js";

/** Gemini's way of saying it produced a function call it could not serialise; a second try usually works. */
const RETRYABLE_FINISH = "MALFORMED_FUNCTION_CALL";

/**
 * Runs the pool and, when the answer is nothing but a MALFORMED_FUNCTION_CALL finish (so nothing has been
 * sent to the client yet; an empty part or a usage before it says nothing: hub/real-output.ts), asks once
 * more. A second failure is surfaced by the encoders, never as `stop`. The tokens of the answer asked again
 * (Google billed them) go to the trace's `spent`: a stream's are read to its end (its finish came with it).
 * The answer's events pass through `taps` (signatures carried, observation): a whole answer's all at once.
 * A request with parallel tool calls off keeps only each candidate's first tool call (hub/single-tool-call.ts).
 * A streamed answer is judged by the head the pool read (`PoolResult.head`), nothing read again here: the
 * encoder reads the pool's events once, head first.
 */
export async function executeWithMalformedRetry(
  pool: Pool,
  request: GenerateRequest,
  signal: AbortSignal,
  trace: PoolTrace,
  taps: AnswerTaps,
): Promise<PoolResult> {
  let result = await pool.execute(request, signal, trace);
  if (isRetryable(result)) {
    addSpent(trace, result.whole === undefined ? await usageToEnd(result.events) : lastUsage(result.whole));
    const retryTrace: PoolTrace = { attempts: 0 };
    try {
      result = await pool.execute(request, signal, retryTrace);
    } finally {
      trace.attempts += retryTrace.attempts;
      if (retryTrace.lastAccount !== undefined) trace.lastAccount = retryTrace.lastAccount;
      addSpent(trace, retryTrace.spent);
    }
  }
  // With parallel tool calls off, the answer's later calls are dropped here, for every protocol.
  const keeps = toolCallFilter(request);
  const answerTaps = keeps === undefined ? taps : { ...taps, keeps };
  if (result.whole !== undefined) return tappedWhole(result, result.whole, answerTaps);
  // The pool's events, its head first: read once, by the encoder.
  result.events = answerEvents(result.events[Symbol.asyncIterator](), answerTaps);
  return result;
}

/**
 * Whether the answer's first real output is a MALFORMED_FUNCTION_CALL finish: the last of the head the pool
 * read (a streamed answer), or found in the whole answer.
 */
function isRetryable(result: PoolResult): boolean {
  const first = result.whole === undefined ? lastOutput(result.head) : result.whole.find(isRealOutput);
  return first?.type === "finish" && first.rawReason === RETRYABLE_FINISH;
}

/**
 * The usage of a streamed answer given up, read to its end: Gemini's finish comes when the stream has ended
 * (held-finishes.ts), the usage right after it. A failure on the way ends the reading with what it had.
 */
async function usageToEnd(events: AsyncIterable<GenerateEvent>): Promise<Usage | undefined> {
  let usage: Usage | undefined;
  try {
    for await (const event of events) if (event.type === "usage") usage = event.usage;
  } catch {
    // The answer is given up anyway.
  }
  return usage;
}

function lastOutput(head: readonly IteratorResult<GenerateEvent>[] | undefined): GenerateEvent | undefined {
  const last = head?.at(-1);
  return last === undefined || last.done === true ? undefined : last.value;
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
