import type { GenerateRequest } from "../hub/types.js";
import type { RequestObservation } from "../observability/request-observation.js";
import type { PoolResult, PoolTrace } from "../pool/pool.js";
import type { AppDependencies } from "./app.js";
import { executeWithMalformedRetry } from "./malformed-retry.js";
import { withRouteAdvice } from "./unserved-model.js";

/** One pool call, as the HTTP routes (poolForReply) and a WebSocket turn make it. */
export interface ObservedCall {
  /** Stops the call: the client gone, the request timeout, the gateway stopping. */
  signal: AbortSignal;
  /** The request's (or the turn's) observation, when observability is on. */
  observation: RequestObservation | undefined;
  /** The call's trace, filled as the pool tries; a caller may read it while the call runs. */
  trace: PoolTrace;
  /**
   * Once the call has ended, answered or failed, before the observation hears of it: the attempts and last
   * account to report, every call made for the request so far counted (poolForReply, which also sets its
   * headers here). Without it, the call's own trace.
   */
  settled?: (trace: PoolTrace) => PoolTrace;
}

/**
 * The pool with what every caller does around it: the observation is shown the call (its events, when it
 * answered, its attempts and account, and the tokens of an answer asked again), a MALFORMED_FUNCTION_CALL
 * gets one more try (malformed-retry.ts), thought signatures are carried into tool-call ids, and a
 * model-not-found for a mapped name says which mapping led there (unserved-model.ts).
 */
export async function observedExecute(
  deps: Pick<AppDependencies, "pool" | "router" | "signatures">,
  request: GenerateRequest,
  { signal, observation, trace, settled }: ObservedCall,
): Promise<PoolResult> {
  const observed = observation?.poolCall();
  if (observation !== undefined) observation.stream = request.stream;
  try {
    return await executeWithMalformedRetry(deps.pool, request, signal, trace, {
      signatures: deps.signatures,
      ...(observed === undefined ? {} : { seen: observed.seen }),
    });
  } catch (error) {
    throw withRouteAdvice(error, deps.router, request);
  } finally {
    const counted = settled === undefined ? trace : settled(trace);
    observed?.answered(counted.attempts, counted.lastAccount, trace.spent);
  }
}
