import type { GenerateEvent, GenerateRequest } from "../hub/types.js";
import type { Pool, PoolResult, PoolTrace } from "../pool/pool.js";

/** Gemini's way of saying it produced a function call it could not serialise; a second try usually works. */
const RETRYABLE_FINISH = "MALFORMED_FUNCTION_CALL";

/**
 * Runs the pool and, when the answer is nothing but a MALFORMED_FUNCTION_CALL finish (so nothing has been
 * sent to the client yet), asks once more. A second failure is surfaced by the encoders, never as `stop`.
 */
export async function executeWithMalformedRetry(
  pool: Pool,
  request: GenerateRequest,
  signal: AbortSignal,
  trace: PoolTrace,
): Promise<PoolResult> {
  const result = await pool.execute(request, signal, trace);
  const iterator = result.events[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done !== true && first.value.type === "finish" && first.value.rawReason === RETRYABLE_FINISH) {
    await iterator.return?.();
    const retryTrace: PoolTrace = { attempts: 0 };
    try {
      return await pool.execute(request, signal, retryTrace);
    } finally {
      trace.attempts += retryTrace.attempts;
      if (retryTrace.lastAccount !== undefined) trace.lastAccount = retryTrace.lastAccount;
    }
  }
  return { ...result, events: prepend(first, iterator) };
}

/**
 * The first event, then the rest. Unlike a generator, closing it before reading anything still closes
 * `rest`, so the account slot behind it is released at once.
 */
function prepend(
  first: IteratorResult<GenerateEvent>,
  rest: AsyncIterator<GenerateEvent>,
): AsyncIterable<GenerateEvent> {
  let pending: IteratorResult<GenerateEvent> | undefined = first;
  const iterator: AsyncIterator<GenerateEvent> = {
    next: async () => {
      const head = pending;
      pending = undefined;
      return head ?? rest.next();
    },
    return: async () => {
      pending = undefined;
      await rest.return?.();
      return { done: true, value: undefined };
    },
  };
  return { [Symbol.asyncIterator]: () => iterator };
}
