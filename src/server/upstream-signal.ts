import type { FastifyReply } from "fastify";
import { stoppedBeforeAnswered } from "../errors.js";
import { RequestSignal } from "../upstream/request-signal.js";

/**
 * The signal for one request's upstream calls: aborted when the client goes away before the answer is
 * complete (so the upstream call stops at once), or when request_timeout_ms has passed. One RequestSignal
 * (not an AbortController, see request-signal.ts) per request and no timer of its own: one sweep per timeout length checks the deadlines of every request in
 * flight (a setTimeout + clearTimeout per request, and before that AbortSignal.any + AbortSignal.timeout,
 * were measurable at c=64, see bench/README.md).
 */
export function upstreamSignal(reply: FastifyReply, timeoutMs: number): AbortSignal {
  const signal = new RequestSignal();
  const deadlines = deadlinesFor(timeoutMs);
  const entry: Deadline = { signal, at: performance.now() + timeoutMs };
  deadlines.add(entry);
  const clientGone = () => {
    deadlines.remove(entry);
    if (!reply.raw.writableFinished) signal.abort(new ClientGoneError());
  };
  const response = reply.raw;
  response.on("close", clientGone); // a response closes once: no `once` wrapper needed
  // A pipelined request's answer gets the socket only once the answers before it are written (until then
  // `response.socket` is null, and the response sees no close): meanwhile the connection's own close says
  // the client left.
  const connection = response.socket ?? response.req.socket;
  // The client may have left before the handler ran: then `close` has already fired.
  if (connection.destroyed) clientGone();
  else if (response.socket === null) {
    connection.once("close", clientGone);
    response.once("close", () => connection.off("close", clientGone));
  }
  return signal.asAbortSignal();
}

/**
 * Stops the upstream calls still running on `signal` (one upstreamSignal made) although the client is still
 * there: their answers were given up (the reply ends without them). Once the reply has ended, its close
 * does not abort the signal, and those calls would go on, each holding an account, until they answered.
 */
export function stopUpstreamCalls(signal: AbortSignal): void {
  if (signal instanceof RequestSignal) signal.abort(new AnswerGivenUpError());
}

/** Why an upstream call stopped whose answer nobody would read any more (stopUpstreamCalls). */
export class AnswerGivenUpError extends Error {
  constructor() {
    super("the answer was given up");
    this.name = "AnswerGivenUpError";
  }
}

/**
 * Why a request's upstream calls stopped when its client went away: not a failure of agate's or the
 * upstream's (the request log says `client_closed`), and no answer can reach the client any more.
 */
export class ClientGoneError extends Error {
  constructor(message = "the client closed the connection") {
    super(message);
    this.name = "ClientGoneError";
  }
}

interface Deadline {
  signal: RequestSignal;
  at: number;
}

/**
 * The requests in flight with one timeout length, in the order they started (so in deadline order): a sweep
 * aborts the expired ones from the front. The sweep runs every eighth of the timeout (at most every second,
 * at least every 10 ms), only while a request waits, so a timeout fires at most that late.
 */
class Deadlines {
  private readonly waiting = new Set<Deadline>();
  private timer: NodeJS.Timeout | undefined;
  private readonly everyMs: number;

  constructor(timeoutMs: number) {
    this.everyMs = Math.max(10, Math.min(1_000, Math.floor(timeoutMs / 8)));
  }

  add(entry: Deadline): void {
    this.waiting.add(entry);
    if (this.timer === undefined) {
      this.timer = setInterval(() => this.sweep(), this.everyMs);
      this.timer.unref();
    }
  }

  remove(entry: Deadline): void {
    this.waiting.delete(entry);
  }

  /** Aborts every request waiting here with `reason`. */
  abortAll(reason: Error): void {
    for (const entry of this.waiting) entry.signal.abort(reason);
    this.waiting.clear();
  }

  private sweep(): void {
    const now = performance.now();
    for (const entry of this.waiting) {
      if (entry.at > now) break;
      this.waiting.delete(entry);
      entry.signal.abort(new DOMException("request_timeout_ms passed", "TimeoutError"));
    }
    if (this.waiting.size === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}

const byTimeout = new Map<number, Deadlines>();

function deadlinesFor(timeoutMs: number): Deadlines {
  let deadlines = byTimeout.get(timeoutMs);
  if (deadlines === undefined) {
    deadlines = new Deadlines(timeoutMs);
    byTimeout.set(timeoutMs, deadlines);
  }
  return deadlines;
}

/** What runs outside an HTTP request, a WebSocket's turns: stopped with the requests. */
const otherWork = new Set<AbortController>();

/**
 * A signal that stopRequestsInFlight aborts, for work not tied to one HTTP reply (the turns of a Responses
 * WebSocket); `release` it when that work can no longer run.
 */
export function stoppableSignal(): { signal: AbortSignal; release(): void } {
  const controller = new AbortController();
  otherWork.add(controller);
  return { signal: controller.signal, release: () => otherWork.delete(controller) };
}

/**
 * Stops every request this process is answering (its upstream call aborted): shutdown_timeout_ms has
 * passed. A stream not yet complete ends with its protocol's error frame, a request not yet answered gets
 * the 503, both `shutting_down`, instead of a connection cut when the process exits.
 */
export function stopRequestsInFlight(): void {
  const reason = stoppedBeforeAnswered();
  for (const deadlines of byTimeout.values()) deadlines.abortAll(reason);
  for (const controller of otherWork) controller.abort(reason);
  otherWork.clear();
}
