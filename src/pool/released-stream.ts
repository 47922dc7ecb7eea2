import type { GenerateEvent } from "../hub/types.js";

/**
 * The events of a call whose first event has arrived, calling `onEnd` exactly once when the stream ends,
 * fails, is given up (`return`), or its request is aborted — also when nobody ever started reading it, so
 * an account slot is never leaked.
 */
export function releasedStream(
  first: IteratorResult<GenerateEvent>,
  rest: AsyncIterator<GenerateEvent>,
  signal: AbortSignal,
  onEnd: () => void,
): AsyncIterableIterator<GenerateEvent> {
  let pendingFirst: IteratorResult<GenerateEvent> | undefined = first;
  let ended = false;
  let returned = false;
  const end = () => {
    if (ended) return false;
    ended = true;
    signal.removeEventListener("abort", aborted);
    onEnd();
    return true;
  };
  // The upstream call stops by the same signal (its next() then rejects); only the slot is freed here.
  const aborted = () => {
    end();
  };
  signal.addEventListener("abort", aborted, { once: true });
  const finished = (): IteratorResult<GenerateEvent> => ({ done: true, value: undefined });
  const stream: AsyncIterableIterator<GenerateEvent> = {
    async next() {
      if (returned) return finished();
      try {
        const result = pendingFirst ?? (await rest.next());
        pendingFirst = undefined;
        if (result.done === true) end();
        return result;
      } catch (error) {
        end();
        throw error;
      }
    },
    async return() {
      pendingFirst = undefined;
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
