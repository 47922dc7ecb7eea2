import type { GenerateEvent, GenerateRequest } from "../hub/types.js";
import { releasedStream } from "../pool/released-stream.js";
import { MAX_CHOICES } from "../protocols/choice-count.js";
import { abandonStream } from "../protocols/completions/merge-prompt-events.js";
import { callsFor } from "../upstream/gemini/one-call-per-choice.js";
import { CallSlots } from "./call-slots.js";
import type { ReplyAnswer } from "./generation-route.js";
import { LateAnswer } from "./late-answer.js";
import { readAhead } from "./read-ahead.js";
import { stopUpstreamCalls } from "./upstream-signal.js";

/**
 * The most upstream calls one legacy completions request has in flight. 8: the most one chat request makes
 * at once (`n` at its MAX_CHOICES on Gemini 3, one call per choice), so a batch of prompts bursts no more
 * against an account's per-minute limits than one chat request may: 16 prompts of one call each run as two
 * rounds of 8, 16 prompts × `n` 8 on Gemini 3 one prompt at a time (not 128 calls at once). Never less than
 * one prompt's calls, which must start together (the pool takes a prompt's choices as one request).
 */
export const MAX_CALLS_IN_FLIGHT = MAX_CHOICES;

/** A prompt's answer, as the route reads it. */
export interface PromptAnswer {
  events: AsyncIterable<GenerateEvent>;
  /** Its events read whole (an answer that is not streamed). */
  whole?: readonly GenerateEvent[] | undefined;
}

/**
 * Runs the prompts' calls, at most MAX_CALLS_IN_FLIGHT upstream calls at once (a prompt counts its calls:
 * `n` on Gemini 3), the others queued in prompt order, each prompt starting when enough calls before it have
 * ended. Not streamed, every answer is awaited (each is read whole, its calls over when it comes). Streamed,
 * the answers of the prompts started at once are awaited (their heads); a queued prompt is read as a late
 * answer (late-answer.ts) when the stream reaches it, its failure an error frame. When some prompt has to
 * wait, every streamed answer is read ahead of the stream (read-ahead.ts), so that its calls end, and free
 * their slots, when the upstream has answered, not when the stream, which reads the prompts in order, has
 * reached them: a queued prompt waits for calls, not for the client's reading. With room for every call at
 * once, nothing waits for a slot, and the answers are read as the stream reads them (the upstream held back
 * by a slow client, as in chat).
 * The first prompt to fail before its first byte fails the request at once: the other calls are stopped by
 * `signal` (a queued prompt never starts), what they had answered is given up (accounts freed), and that
 * failure is thrown.
 */
export async function answerPrompts(
  requests: readonly GenerateRequest[],
  execute: (request: GenerateRequest) => Promise<ReplyAnswer>,
  signal: AbortSignal,
): Promise<PromptAnswer[]> {
  const slots = new CallSlots(MAX_CALLS_IN_FLIGHT);
  const allCalls = requests.reduce((total, request) => total + callsFor(request), 0);
  const someWait = allCalls > MAX_CALLS_IN_FLIGHT;
  const answers = requests.map((request): Promise<PromptAnswer> | LateAnswer => {
    const calls = callsFor(request);
    const release = () => slots.release(calls);
    const run = () =>
      execute(request).then(
        (result) => heldUntilOver(result, request.stream, signal, release, someWait),
        (error: unknown) => {
          release();
          throw error;
        },
      );
    if (slots.tryTake(calls)) return run();
    const queued = slots.take(calls, signal).then(run);
    return request.stream ? new LateAnswer(queued, signal) : queued;
  });
  try {
    return await Promise.all(answers);
  } catch (error) {
    stopUpstreamCalls(signal);
    await Promise.all(
      answers.map((answer) => Promise.resolve(answer).then((given) => abandonStream(given.events), ignore)),
    );
    throw error;
  }
}

/** The other prompts' failures once one has failed the request: their calls were stopped for it. */
const ignore = () => undefined;

/**
 * The answer, its calls' slots given back when they are over: at once for an answer read whole (every
 * answer that is not streamed: each upstream client reads those whole), else when its events end, fail or
 * are given up — read ahead of the stream when `readFirst` (its calls end with the upstream's answer).
 */
function heldUntilOver(
  answer: ReplyAnswer,
  stream: boolean,
  signal: AbortSignal,
  release: () => void,
  readFirst: boolean,
): PromptAnswer {
  if (answer.whole !== undefined || !stream) {
    release();
    return answer;
  }
  // The pool's own wrapper: `release` once, when the events end, fail or are given up, or the reply aborts.
  const events = releasedStream([], answer.events[Symbol.asyncIterator](), signal, release);
  // Given up while read ahead: the reply ends without it, and its pending read ends by stopping the calls —
  // all of the request's (`signal`'s), which is right only because the merger gives up every prompt left at
  // once (merge-prompt-events.ts); one that dropped a single prompt and read on would need a signal per prompt.
  return { events: readFirst ? readAhead(events, () => stopUpstreamCalls(signal)) : events };
}
