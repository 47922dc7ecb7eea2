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
 * The answer as the encoders read it: the events already received (`head`), then the rest, each tool call's
 * signature carried and each event shown to `seen`. One plain iterator for all of it — one promise per
 * event rather than one wrapper per job — and, unlike a generator, closing it before reading anything
 * still closes `rest`, so the account slot behind it is released at once.
 */
export function answerEvents(
  head: readonly IteratorResult<GenerateEvent>[],
  rest: AsyncIterator<GenerateEvent>,
  taps: AnswerTaps,
): AsyncIterable<GenerateEvent> {
  // The next of `head` to pass on (head.length: all passed, or given up).
  let pending = 0;
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
    // Skipped: the next of the head, if any is left, else the upstream's next.
    if (taps.keeps?.(result.value) === false) return iterator.next();
    taps.seen?.(result.value);
    const carried = carrySignature(result.value, taps.signatures);
    return carried === result.value ? result : { done: false, value: carried };
  };
  const iterator: AsyncIterator<GenerateEvent> = {
    next: () => {
      const held = head[pending];
      if (held === undefined) return rest.next().then(pass);
      pending++;
      return Promise.resolve(held).then(pass);
    },
    return: async () => {
      pending = head.length;
      end();
      await rest.return?.();
      return { done: true, value: undefined };
    },
  };
  return { [Symbol.asyncIterator]: () => iterator };
}
