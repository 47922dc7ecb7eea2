import type { AgateError } from "../errors.js";
import type { GenerateEvent, GenerateRequest } from "../hub/types.js";
import type { Account } from "../pool/account.js";

/** One model an account serves, with its quota where the upstream reports one (Cloud Code). */
export interface UpstreamModel {
  id: string;
  /** 0..1 of the quota left. */
  remainingFraction?: number;
  /** Epoch milliseconds when the quota resets. */
  resetAt?: number;
  /** Who the upstream says owns the model (an OpenAI-compatible server's `owned_by`). */
  ownedBy?: string;
}

export interface UpstreamModelList {
  models: UpstreamModel[];
  /** Deprecated model id → the id that replaces it. */
  deprecated: Record<string, string>;
}

/** One upstream kind (gemini, cloudcode, openai): it owns auth and the envelope, and yields hub events. */
export interface UpstreamClient {
  /**
   * Starts the call. Failures before the first event reject the first `next()` with an UpstreamError, so the
   * failover loop can act on them; failures later surface the same way mid-stream.
   */
  generate(account: Account, request: GenerateRequest, signal: AbortSignal): AsyncIterable<GenerateEvent>;
  /**
   * A call that is not streamed, read whole: its events at once. The pool prefers it for such calls: the
   * answer reaches the encoder without an async iterator per layer (bench/README.md, fifth round). Without it
   * the pool reads `generate`.
   */
  complete?(account: Account, request: GenerateRequest, signal: AbortSignal): Promise<GenerateEvent[]>;
  /**
   * What this upstream is known to refuse in the request (a setting the routed model's family lacks), as the
   * client's error; undefined when the request may go. The pool passes such an account over for one whose
   * upstream takes the request, and answers the refusal at once when none does: no call, no attempt
   * counted, no retry, no cool-down. Asked at most once per account and request: the answer stands for the
   * whole request, a retry of the same account included.
   */
  refusal?(account: Account, request: GenerateRequest): AgateError | undefined;
  /** The models this account can serve. */
  listModels(account: Account, signal: AbortSignal): Promise<UpstreamModel[]>;
  /** The models with quota and deprecations, where the upstream reports them; the pool polls these. */
  listModelDetails?(account: Account, signal: AbortSignal): Promise<UpstreamModelList>;
  /**
   * OAuth kinds: get a new access token now (after a 401), and say where from. Throws an UpstreamError when
   * it cannot.
   */
  refresh?(account: Account, signal: AbortSignal): Promise<RenewedFrom>;
}

/**
 * Where a renewed OAuth token came from: the token endpoint (the one refresh a request may spend), or the
 * store, where another process had put a token newer than the one refused.
 */
export type RenewedFrom = "token-endpoint" | "store";
