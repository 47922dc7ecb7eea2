const KEEP_ALIVE = ": keep-alive\n\n";

/**
 * Passes frames through and, after `intervalMs` without one, sends an SSE comment so proxies and clients
 * do not time out while the upstream thinks. One timer per stream, re-armed (not re-created) per frame.
 * The upstream iterator is released when the consumer stops.
 */
export async function* withKeepAlive(
  frames: AsyncIterable<string>,
  intervalMs: number,
): AsyncGenerator<string> {
  const iterator = frames[Symbol.asyncIterator]();
  let wake: (() => void) | undefined;
  let tick = new Promise<"tick">((resolve) => {
    wake = () => resolve("tick");
  });
  const timer = setInterval(() => wake?.(), intervalMs);
  let pending = iterator.next();
  let finished = false;
  try {
    while (true) {
      const result = await Promise.race([pending, tick]);
      if (result === "tick") {
        tick = new Promise<"tick">((resolve) => {
          wake = () => resolve("tick");
        });
        yield KEEP_ALIVE;
        continue;
      }
      timer.refresh();
      if (result.done === true) {
        finished = true;
        return;
      }
      yield result.value;
      pending = iterator.next();
    }
  } finally {
    clearInterval(timer);
    if (!finished) {
      pending.catch(() => undefined);
      iterator.return?.().catch(() => undefined);
    }
  }
}
