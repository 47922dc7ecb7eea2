/**
 * Passes frames through and, after `intervalMs` without one, sends an SSE comment so proxies and clients
 * do not time out while the upstream thinks. The upstream iterator is released when the consumer stops.
 */
export async function* withKeepAlive(
  frames: AsyncIterable<string>,
  intervalMs: number,
): AsyncGenerator<string> {
  const iterator = frames[Symbol.asyncIterator]();
  let pending = iterator.next();
  let finished = false;
  try {
    while (true) {
      let timer: NodeJS.Timeout | undefined;
      const tick = new Promise<"tick">((resolve) => {
        timer = setTimeout(() => resolve("tick"), intervalMs);
      });
      const result = await Promise.race([pending, tick]);
      clearTimeout(timer);
      if (result === "tick") {
        yield ": keep-alive\n\n";
        continue;
      }
      if (result.done === true) {
        finished = true;
        return;
      }
      yield result.value;
      pending = iterator.next();
    }
  } finally {
    if (!finished) {
      pending.catch(() => undefined);
      iterator.return?.().catch(() => undefined);
    }
  }
}
