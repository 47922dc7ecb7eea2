import type { GenerateEvent } from "../hub/types.js";
import { onAbort } from "../upstream/on-abort.js";

/** A call's events, `head` first: what was read of it before it was handed on (see `releasedStream`). */
export interface ReleasedStream extends AsyncIterableIterator<GenerateEvent> {
  readonly head: readonly IteratorResult<GenerateEvent>[];
  return(): Promise<IteratorResult<GenerateEvent>>;
}

/**
 * The events of a call whose first real output has arrived — `head`, the events read so far, that output
 * (or the end) last — then the rest, calling `onEnd` exactly once when the stream ends (at once when `head`
 * ends with it), fails, is given up (`return`), or its request is aborted — also when nobody ever started
 * reading it, so an account slot is never leaked. A failure is passed on as `failure` makes it (the error
 * the client sees). The head stays readable as `head`, for a reader that decides on it before reading.
 */
export function releasedStream(
  head: readonly IteratorResult<GenerateEvent>[],
  rest: AsyncIterator<GenerateEvent>,
  signal: AbortSignal,
  onEnd: () => void,
  failure: (error: unknown) => unknown = (error) => error,
): ReleasedStream {
  // The next of `head` to pass on (head.length: all passed, or given up).
  let pending = 0;
  let ended = false;
  let returned = false;
  const end = () => {
    if (ended) return false;
    ended = true;
    stopWatching();
    onEnd();
    return true;
  };
  // The upstream call stops by the same signal (its next() then rejects); only the slot is freed here
  // (at once when the signal has already aborted).
  let stopWatching: () => void = () => undefined;
  stopWatching = onAbort(signal, () => {
    end();
  });
  // The call has ended already: nothing is left to wait for but the reader.
  if (head.at(-1)?.done === true) end();
  const finished = (): IteratorResult<GenerateEvent> => ({ done: true, value: undefined });
  const passed = (result: IteratorResult<GenerateEvent>) => {
    if (result.done === true) end();
    return result;
  };
  const failed = (error: unknown): never => {
    end();
    throw failure(error);
  };
  const stream: ReleasedStream = {
    head,
    // Plain promise chaining rather than an async method: one promise per event.
    next() {
      if (returned) return Promise.resolve(finished());
      const held = head[pending];
      if (held === undefined) return rest.next().then(passed, failed);
      pending++;
      return Promise.resolve(passed(held));
    },
    async return() {
      pending = head.length;
      end();
      if (!returned) {
        returned = true;
        await rest.return?.();
      }
      return finished();
    },
    [Symbol.asyncIterator]() {
      return stream;
    },
  };
  return stream;
}
