import type { GenerateEvent, GenerateRequest } from "../hub/types.js";
import type { Account } from "../pool/account.js";

/** One upstream kind (gemini, cloudcode, openai): it owns auth and the envelope, and yields hub events. */
export interface UpstreamClient {
  /**
   * Starts the call. Failures before the first event reject the first `next()` with an UpstreamError, so the
   * failover loop can act on them; failures later surface the same way mid-stream.
   */
  generate(account: Account, request: GenerateRequest, signal: AbortSignal): AsyncIterable<GenerateEvent>;
  /** The model ids this account can serve. */
  listModels(account: Account, signal: AbortSignal): Promise<string[]>;
}
