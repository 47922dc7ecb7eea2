import type { EventFilter } from "../hub/single-tool-call.js";
import { carrySignature, type SignatureSink } from "../hub/thought-signatures.js";
import type { GenerateEvent } from "../hub/types.js";

/** What happens to every event of an answer on its way from the pool to the encoder. */
export interface AnswerTaps {
  /** Keeps the thought signatures of tool calls (they also travel in the ids the client sees). */
  signatures: SignatureSink;
  /** Shown each event as it passes, then undefined once when the answer ends or is given up. */
  seen?: (event: GenerateEvent | undefined) => void;
  /** Which events go on at all (hub/single-tool-call.ts); the others are skipped before anything sees them. */
  keeps?: EventFilter;
}

/**
 * The answer as the encoders read it: the pool's events (the head it read first, then the rest), each tool
 * call's signature carried and each event shown to `seen`. One plain iterator — one promise per event
 * rather than one wrapper per job — and, unlike a generator, closing it before reading anything still
 * closes `events`, so the account slot behind it is released at once.
 */
export function answerEvents(
  events: AsyncIterator<GenerateEvent>,
  taps: AnswerTaps,
): AsyncIterable<GenerateEvent> {
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    taps.seen?.(undefined);
  };
  const pass = (
    result: IteratorResult<GenerateEvent>,
  ): IteratorResult<GenerateEvent> | Promise<IteratorResult<GenerateEvent>> => {
    if (result.done === true) {
      end();
      return result;
    }
    // Skipped: the next event instead.
    if (taps.keeps?.(result.value) === false) return iterator.next();
    taps.seen?.(result.value);
    const carried = carrySignature(result.value, taps.signatures);
    return carried === result.value ? result : { done: false, value: carried };
  };
  const iterator: AsyncIterator<GenerateEvent> = {
    next: () => events.next().then(pass),
    return: async () => {
      end();
      await events.return?.();
      return { done: true, value: undefined };
    },
  };
  return { [Symbol.asyncIterator]: () => iterator };
}
