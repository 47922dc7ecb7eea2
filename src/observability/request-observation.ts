import { isRealOutput } from "../hub/real-output.js";
import type { GenerateEvent, Usage } from "../hub/types.js";

// A property of the request itself rather than a WeakMap entry: a WeakMap set with a new key each request
// cost ≈ 1 µs, and ephemerons add to every GC (measured apart, bench/README.md).
const OBSERVATION = Symbol("agate.observation");
type Observed = { [OBSERVATION]?: RequestObservation };

/** The observation of a request being followed (set by the observability room's onRequest hook). */
export const observationOf = (request: object): RequestObservation | undefined =>
  (request as Observed)[OBSERVATION];

/** Follows `request` with `observation` for as long as the request lives. */
export function observe(request: object, observation: RequestObservation): void {
  (request as Observed)[OBSERVATION] = observation;
}

/** Monotonic milliseconds (performance.now()), injected so tests can fix the clock. */
export type Clock = () => number;

interface PoolCall {
  startedAt: number;
  /** When the pool answered: its first event arrived, or it gave up. */
  answeredAt?: number;
  /** When the upstream stream ended (read to its end). */
  endedAt?: number;
  /** The last usage event of the call (upstreams repeat it, cumulative). */
  usage?: Usage;
  /** The tokens of the answers the call gave up (PoolTrace.spent): billed, never shown to the client. */
  spent?: Usage;
}

export interface PoolCallObserver {
  /**
   * The pool answered or gave up; `attempts` counts every call of the request so far; `spent`, the tokens of
   * this call's answers the client never got.
   */
  answered(attempts: number, account?: { id: string; label: string }, spent?: Usage): void;
  /** Each event of the call as it passes, then undefined once at its end: its usage and its end are remembered. */
  seen(event: GenerateEvent | undefined): void;
}

/**
 * What one request learns on its way, written by the hooks and the generation routes and read once when the
 * answer is complete. Nothing here is on the client's critical path beyond an assignment or two.
 */
export class RequestObservation {
  requestedModel: string | null = null;
  mappedModel: string | null = null;
  attempts = 0;
  account: { id: string; label: string } | null = null;
  stream = false;
  errorCode: string | null = null;
  firstByteAt: number | null = null;
  /** The SSE head went out before the answer: the time to first byte waits for its first real output. */
  private outputAwaited = false;
  private readonly calls: PoolCall[] = [];
  /** What waits for every pool call to have answered (a record of a client that left meanwhile). */
  private onSettled: (() => void) | undefined;

  constructor(
    /** Epoch milliseconds at arrival. */
    readonly time: number,
    /** Monotonic milliseconds at arrival. */
    readonly startedAt: number,
    private readonly clock: Clock,
  ) {}

  models(requested: string, mapped: string): void {
    this.requestedModel = requested;
    this.mappedModel = mapped;
  }

  /** A pool call starts: say when it answered (with its trace so far) and show it each event (`seen`). */
  poolCall(): PoolCallObserver {
    const call: PoolCall = { startedAt: this.clock() };
    this.calls.push(call);
    return {
      answered: (attempts, account, spent) => {
        call.answeredAt = this.clock();
        if (spent !== undefined) call.spent = spent;
        this.attempts = attempts;
        if (account !== undefined) this.account = { id: account.id, label: account.label };
        if (this.onSettled !== undefined && this.settled()) {
          const settled = this.onSettled;
          this.onSettled = undefined;
          settled();
        }
      },
      seen: (event) => {
        if (event === undefined) call.endedAt = this.clock();
        else if (event.type === "usage") call.usage = event.usage;
        else if (this.outputAwaited && isRealOutput(event)) this.firstOutput();
      },
    };
  }

  /**
   * Runs `callback` once every pool call has answered, and says true, when one has not yet (the client left
   * while the upstream had the request: its attempts and account are known only when the pool gives up);
   * says false, and does nothing, when none waits.
   */
  whenSettled(callback: () => void): boolean {
    if (this.settled()) return false;
    this.onSettled = callback;
    return true;
  }

  private settled(): boolean {
    return this.calls.every((call) => call.answeredAt !== undefined);
  }

  /** The answer's first byte is about to go out (the first onSend). */
  sending(): void {
    if (this.firstByteAt === null && !this.outputAwaited) this.firstByteAt = this.clock();
  }

  /**
   * A stream's SSE head (and a keep-alive comment) goes out before the pool has answered, past
   * stream_keepalive_ms (generation-route.ts): those bytes are no answer yet, so the time to first byte is
   * taken at the first real output the encoder is given (its frame goes out at once), or at the failure
   * whose error frame takes its place.
   */
  headBeforeAnswer(): void {
    if (this.firstByteAt === null) this.outputAwaited = true;
  }

  private firstOutput(): void {
    this.outputAwaited = false;
    this.firstByteAt = this.clock();
  }

  failed(code: string | null): void {
    if (this.errorCode === null) this.errorCode = code;
    if (this.outputAwaited) this.firstOutput();
  }

  /** Tokens over every pool call of the request, the answers it gave up included (billed all the same). */
  usage(): Usage {
    const total: Usage = { inputTokens: 0, outputTokens: 0, reasoningTokens: 0, cachedTokens: 0 };
    for (const { usage, spent } of this.calls) {
      for (const counted of [usage, spent]) {
        if (counted === undefined) continue;
        total.inputTokens += counted.inputTokens;
        total.outputTokens += counted.outputTokens;
        total.reasoningTokens += counted.reasoningTokens;
        total.cachedTokens += counted.cachedTokens;
      }
    }
    return total;
  }

  ttfbMs(): number | null {
    return this.firstByteAt === null ? null : Math.max(0, this.firstByteAt - this.startedAt);
  }

  /**
   * Time to first byte minus the time the upstream had the request before it: from the first pool call to
   * the last answer — or, for a JSON answer, to the end of the upstream stream. Null without a pool call.
   */
  overheadMs(): number | null {
    const firstByte = this.firstByteAt;
    if (firstByte === null || this.calls.length === 0) return null;
    let start = Number.POSITIVE_INFINITY;
    let end = Number.NEGATIVE_INFINITY;
    for (const call of this.calls) {
      start = Math.min(start, call.startedAt);
      const finished =
        call.endedAt !== undefined && call.endedAt <= firstByte ? call.endedAt : call.answeredAt;
      end = Math.max(end, Math.min(finished ?? firstByte, firstByte));
    }
    const upstream = Math.max(0, end - start);
    return Math.max(0, firstByte - this.startedAt - upstream);
  }
}
