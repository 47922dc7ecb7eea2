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

async function* prepend(
  first: IteratorResult<GenerateEvent>,
  rest: AsyncIterator<GenerateEvent>,
): AsyncGenerator<GenerateEvent> {
  try {
    if (first.done === true) return;
    yield first.value;
    for (let next = await rest.next(); next.done !== true; next = await rest.next()) yield next.value;
  } finally {
    await rest.return?.();
  }
}
