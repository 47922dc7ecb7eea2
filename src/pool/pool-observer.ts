/**
 * What the pool tells observers (metrics) as it works. Every method is optional and must be cheap: it is
 * called on the request path.
 */
export interface PoolObserver {
  /** An account (model "": the whole account) was told to rest, for a failure of class `reason`. */
  cooled?(accountId: string, model: string, reason: string): void;
  /**
   * A request with a conversation key was served in `sticky` mode: by the account bound to it (`hit`), by
   * another because the bound one could not take it (`miss`), or it had no binding yet (`new`).
   */
  sticky?(result: "hit" | "miss" | "new"): void;
}
