import type { GenerateEvent } from "../hub/types.js";
import type { Account } from "../pool/account.js";
import type { PoolResult } from "../pool/pool.js";
import { stopUpstreamCalls } from "./upstream-signal.js";

const DONE: IteratorResult<GenerateEvent> = { done: true, value: undefined };

/** What a LateAnswer waits for: the pool's result, or an answer read through one (a prompt's, queued). */
type Arriving = Pick<PoolResult, "events"> & Partial<Pick<PoolResult, "account" | "sessionKey">>;

/**
 * A streamed answer whose head the pool had not found within stream_keepalive_ms (contract §7): its SSE head
 * goes out then, with keep-alive comments, while the pool goes on (another account may still answer: nothing
 * but comments has been sent). It reads as the pool's result would: its events wait for the pool, then are
 * the pool's; a pool that fails throws its error from the first `next()` (also when it failed before anyone
 * read), which the encoders send as their error frame. `account` and `sessionKey` are filled in when the pool answers (the Responses store reads
 * them when the response ends). Once the pool has answered, `next()` is the pool's own: nothing per event.
 * A legacy completions prompt whose calls wait their turn (prompt-calls.ts) is read the same way: its stream's
 * head has gone out before its call has even started.
 */
export class LateAnswer implements AsyncIterator<GenerateEvent> {
  readonly whole = undefined;
  readonly events: AsyncIterable<GenerateEvent> = { [Symbol.asyncIterator]: () => this };
  account?: Account;
  sessionKey?: string | undefined;
  private state: State = WAITING;
  private readonly arrived: Promise<AsyncIterator<GenerateEvent>>;

  /**
   * `calls`: the signal of the pool's calls, stopped when the answer is given up before the pool has answered
   * (the other prompts' failure ended a legacy completions stream): nobody reads it, and the upstream call
   * would otherwise go on, holding its account, after the response has ended.
   */
  constructor(
    pending: Promise<Arriving>,
    private readonly calls?: AbortSignal,
  ) {
    this.arrived = pending.then((result) => {
      if (result.account !== undefined) this.account = result.account;
      this.sessionKey = result.sessionKey;
      const source = result.events[Symbol.asyncIterator]();
      // Given up before the pool answered: the account slot behind the answer is freed at once.
      if (this.state === OVER) void source.return?.()?.catch(() => undefined);
      else this.state = { kind: "answered", source };
      return source;
    });
    this.arrived.catch((error: unknown) => {
      if (this.state === WAITING) this.state = { kind: "failed", error };
    });
  }

  next(): Promise<IteratorResult<GenerateEvent>> {
    const state = this.state;
    switch (state.kind) {
      case "answered":
        return state.source.next();
      case "failed":
        // Given to this reader: not again to the next.
        this.state = OVER;
        return Promise.reject(state.error);
      case "over":
        return Promise.resolve(DONE);
      case "waiting":
        return this.arrived.then(
          (source) => (this.state === OVER ? DONE : source.next()),
          (error: unknown) => {
            // Failed while this reader waited (the state says so by now): given to it, not again to the next.
            this.state = OVER;
            throw error;
          },
        );
    }
  }

  async return(): Promise<IteratorResult<GenerateEvent>> {
    const state = this.state;
    this.state = OVER;
    if (state.kind === "waiting" && this.calls !== undefined) stopUpstreamCalls(this.calls);
    if (state.kind === "answered") await state.source.return?.();
    return DONE;
  }
}

/**
 * Where a LateAnswer stands: waiting for the pool; answered (`next()` is the pool's own, nothing per event);
 * failed, the pool's failure kept until a reader has been given it (a pool may fail before anyone reads: a
 * legacy completions stream reads its prompts in turn, and that failure is the stream's error, not its end);
 * or over (given up by its reader, or its failure given): nothing more to read.
 */
type State =
  | { readonly kind: "waiting" }
  | { readonly kind: "answered"; readonly source: AsyncIterator<GenerateEvent> }
  | { readonly kind: "failed"; readonly error: unknown }
  | { readonly kind: "over" };

const WAITING: State = { kind: "waiting" };
const OVER: State = { kind: "over" };
