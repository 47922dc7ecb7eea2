import { Readable } from "node:stream";

const KEEP_ALIVE = ": keep-alive\n\n";

/**
 * SSE frames → the response body: each frame is pushed as soon as it comes, waiting only when the client
 * reads slower than we write (backpressure), and after `keepAliveMs` without a frame an SSE comment goes
 * out so proxies and clients do not time out while the upstream thinks. One timer per stream that checks
 * the time of the last frame, so a frame costs no timer work. The frames' source is closed when the body
 * is destroyed (the client went away) before it ended.
 */
export function sseBody(frames: AsyncIterable<string>, keepAliveMs: number): Readable {
  const source = frames[Symbol.asyncIterator]();
  let started = false;
  let finished = false;
  let lastFrameAt = 0;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  const resume = () => {
    const waiting = wake;
    wake = undefined;
    waiting?.();
  };
  const keepAlive = () => {
    const silentMs = Date.now() - lastFrameAt;
    if (silentMs < keepAliveMs) {
      timer = setTimeout(keepAlive, keepAliveMs - silentMs);
      return;
    }
    body.push(KEEP_ALIVE);
    lastFrameAt = Date.now();
    timer = setTimeout(keepAlive, keepAliveMs);
  };
  const pump = async () => {
    try {
      for (;;) {
        const result = await source.next();
        if (body.destroyed) return;
        if (result.done === true) {
          finished = true;
          body.push(null);
          return;
        }
        lastFrameAt = Date.now();
        if (!body.push(result.value)) await new Promise<void>((resolve) => (wake = resolve));
        if (body.destroyed) return;
      }
    } catch (error) {
      finished = true;
      body.destroy(error instanceof Error ? error : new Error(String(error)));
    } finally {
      clearTimeout(timer);
    }
  };
  const body = new Readable({
    read() {
      if (started) return resume();
      started = true;
      lastFrameAt = Date.now();
      timer = setTimeout(keepAlive, keepAliveMs);
      void pump();
    },
    destroy(error, callback) {
      clearTimeout(timer);
      resume();
      if (!finished) {
        finished = true;
        source.return?.().catch(() => undefined);
      }
      callback(error);
    },
  });
  return body;
}
