import type { GenerateEvent } from "../hub/types.js";
import type { Account } from "../pool/account.js";
import type { PoolResult } from "../pool/pool.js";
import { stopUpstreamCalls } from "./upstream-signal.js";

const DONE: IteratorResult<GenerateEvent> = { done: true, value: undefined };

/**
 * A streamed answer whose head the pool had not found within stream_keepalive_ms (contract §7): its SSE head
 * goes out then, with keep-alive comments, while the pool goes on (another account may still answer: nothing
 * but comments has been sent). It reads as the pool's result would: its events wait for the pool, then are
 * the pool's; a pool that fails throws its error from the first `next()` (also when it failed before anyone
 * read), which the encoders send as their error frame. `account` and `sessionKey` are filled in when the pool answers (the Responses store reads
 * them when the response ends). Once the pool has answered, `next()` is the pool's own: nothing per event.
 */
export class LateAnswer implements AsyncIterator<GenerateEvent> {
  readonly late = true;
  readonly whole = undefined;
  readonly events: AsyncIterable<GenerateEvent> = { [Symbol.asyncIterator]: () => this };
  account?: Account;
  sessionKey?: string | undefined;
  /** The pool's events, once it has answered (and until they are given up). */
  private source: AsyncIterator<GenerateEvent> | undefined;
  private readonly arrived: Promise<AsyncIterator<GenerateEvent>>;
  /** Given up by its reader, or failed: nothing more to read. */
  private over = false;
  /**
   * The pool's failure, until a reader has been given it: a pool may fail before anyone reads (a legacy
   * completions stream reads its prompts in turn), and that failure is the stream's error, not its end.
   */
  private failure: { error: unknown } | undefined;

  /**
   * `calls`: the signal of the pool's calls, stopped when the answer is given up before the pool has answered
   * (the other prompts' failure ended a legacy completions stream): nobody reads it, and the upstream call
   * would otherwise go on, holding its account, after the response has ended.
   */
  constructor(
    pending: Promise<PoolResult>,
    private readonly calls?: AbortSignal,
  ) {
    this.arrived = pending.then((result) => {
      this.account = result.account;
      this.sessionKey = result.sessionKey;
      const source = result.events[Symbol.asyncIterator]();
      // Given up before the pool answered: the account slot behind the answer is freed at once.
      if (this.over) void source.return?.()?.catch(() => undefined);
      else this.source = source;
      return source;
    });
    this.arrived.catch((error: unknown) => {
      if (!this.over) this.failure = { error };
      this.over = true;
    });
  }

  next(): Promise<IteratorResult<GenerateEvent>> {
    if (this.source !== undefined) return this.source.next();
    if (this.over) {
      const failure = this.failure;
      this.failure = undefined;
      return failure === undefined ? Promise.resolve(DONE) : Promise.reject(failure.error);
    }
    return this.arrived.then(
      (source) => (this.over ? DONE : source.next()),
      (error: unknown) => {
        // Given to this reader: not again to the next.
        this.failure = undefined;
        throw error;
      },
    );
  }

  async return(): Promise<IteratorResult<GenerateEvent>> {
    this.failure = undefined;
    if (this.over) return DONE;
    this.over = true;
    if (this.source === undefined && this.calls !== undefined) stopUpstreamCalls(this.calls);
    const source = this.source;
    this.source = undefined;
    await source?.return?.();
    return DONE;
  }
}
