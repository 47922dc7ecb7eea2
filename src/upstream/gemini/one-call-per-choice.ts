import { interleaveAnswers } from "../../hub/interleave-answers.js";
import { lastUsage, mergeWholeAnswers, sumUsage } from "../../hub/merge-answers.js";
import type { GenerateEvent, GenerateRequest, Usage } from "../../hub/types.js";
import { onAbort } from "../on-abort.js";
import { RequestSignal } from "../request-signal.js";
import { addSpentTo, UpstreamError } from "../upstream-error.js";
import { isGemini3 } from "./model-families.js";

/**
 * `n` on Gemini 3. Those models give one candidate per call (they refuse candidateCount > 1: "Multiple
 * candidates is not enabled for this model"), so a request for n choices is n calls on the account the pool
 * chose, each asking one candidate, made at once and answered as choices 0..n-1 (call i's candidate is
 * choice i). The pool sees one request: a call failing before every call has its first output fails it
 * whole, and it is retried, rotated or refused as one (contract §6); the client going away aborts all n.
 * The usage is what the n calls spent together: each call's prompt counts (OpenAI counts the prompt once
 * for n choices; Gemini reads and bills it once per call). A failed answer still reports what its calls had
 * spent by then, as one call does: on the error when read whole, as a `usage` event before it when streamed.
 *
 * Other models take candidateCount as it is (Gemini 2.5 answers n candidates in one call; a name agate does
 * not know is sent what the client asked), so they get one call: `callsFor` says 1, and the spokes take
 * their usual path.
 */
export function callsFor(request: GenerateRequest): number {
  const count = request.settings.candidateCount ?? 1;
  return count > 1 && isGemini3(request.model) ? count : 1;
}

/** A call's events read whole (a call that is not streamed). */
export type CompleteOne = (request: GenerateRequest, signal: AbortSignal) => Promise<GenerateEvent[]>;
/** A call's events as they come (a streamed call, or one read through the stream interface). */
export type StreamOne = (request: GenerateRequest, signal: AbortSignal) => AsyncIterable<GenerateEvent>;

/**
 * A spoke's `generate`: the call itself (`streamOne`), or on Gemini 3 with several choices asked, one call per
 * choice merged (`streamChoices`). No layer is added to the one-call path: its events are the call's own.
 */
export function streamPerChoice(
  request: GenerateRequest,
  signal: AbortSignal,
  streamOne: StreamOne,
): AsyncIterable<GenerateEvent> {
  return callsFor(request) > 1 ? streamChoices(request, signal, streamOne) : streamOne(request, signal);
}

/** A spoke's `complete`: the call itself, or on Gemini 3 with several choices asked, one per choice merged. */
export function completePerChoice(
  request: GenerateRequest,
  signal: AbortSignal,
  completeOne: CompleteOne,
): Promise<GenerateEvent[]> {
  return callsFor(request) > 1 ? completeChoices(request, signal, completeOne) : completeOne(request, signal);
}

/**
 * The `callsFor(request)` calls of a request that is not streamed, each read whole, merged. When one fails,
 * the usage of the calls that had answered by then goes on its error (`UpstreamError.spent`): the answer is
 * given up, but Google billed those calls.
 */
export async function completeChoices(
  request: GenerateRequest,
  signal: AbortSignal,
  completeOne: CompleteOne,
): Promise<GenerateEvent[]> {
  const one = oneCandidate(request);
  const calls = new CallsSignal(signal);
  const spent: Usage[] = [];
  const answered = (events: GenerateEvent[]) => {
    const usage = lastUsage(events);
    if (usage !== undefined) spent.push(usage);
    return events;
  };
  try {
    const answers = await Promise.all(
      Array.from({ length: callsFor(request) }, () => completeOne(one, calls.signal).then(answered)),
    );
    return mergeWholeAnswers(answers, 1);
  } catch (error) {
    calls.stop();
    if (error instanceof UpstreamError && spent.length > 0) addSpentTo(error, sumUsage(spent));
    throw error;
  } finally {
    calls.release();
  }
}

/**
 * The `callsFor(request)` calls of a streamed request, started at the first read, merged as they come
 * (hub/interleave-answers.ts).
 */
export async function* streamChoices(
  request: GenerateRequest,
  signal: AbortSignal,
  streamOne: StreamOne,
): AsyncGenerator<GenerateEvent> {
  const one = oneCandidate(request);
  const calls = new CallsSignal(signal);
  try {
    const answers = Array.from({ length: callsFor(request) }, () => streamOne(one, calls.signal));
    yield* interleaveAnswers(answers, () => calls.stop());
  } finally {
    calls.release();
  }
}

/** The request as each call asks it: one candidate (Gemini's default, so none is sent). */
function oneCandidate(request: GenerateRequest): GenerateRequest {
  const { candidateCount: _many, ...settings } = request.settings;
  return { ...request, settings };
}

/** The signal of a request's calls: aborted when the client's is, or by `stop` when one call failed. */
class CallsSignal {
  private readonly own = new RequestSignal();
  readonly signal = this.own.asAbortSignal();
  readonly release: () => void;

  constructor(client: AbortSignal) {
    this.release = onAbort(client, () => this.own.abort(client.reason));
  }

  stop(): void {
    this.own.abort(new DOMException("another choice's upstream call ended the answer", "AbortError"));
  }
}
