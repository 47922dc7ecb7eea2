import { RequestSignal } from "./request-signal.js";

/**
 * Calls `listener` once when `signal` aborts (at once if it already has); returns the function that
 * unregisters it. Each signal gets one real "abort" listener, whatever the number of callers: an
 * EventTarget add + remove per wait (the pool's first-event wait, the slot release) showed in the c=64
 * profile, a Set add + delete does not.
 */
export function onAbort(signal: AbortSignal, listener: () => void): () => void {
  if (signal instanceof RequestSignal) return signal.subscribe(listener);
  if (signal.aborted) {
    listener();
    return () => undefined;
  }
  let listeners = registered.get(signal);
  if (listeners === undefined) {
    const all = new Set<() => void>();
    listeners = all;
    registered.set(signal, all);
    signal.addEventListener(
      "abort",
      () => {
        const waiting = [...all];
        all.clear();
        for (const waiter of waiting) waiter();
      },
      { once: true },
    );
  }
  // Wrapped, so one function registered twice is called twice, like two addEventListener calls with
  // distinct functions would be.
  const entry = () => listener();
  listeners.add(entry);
  const all = listeners;
  return () => {
    all.delete(entry);
  };
}

const registered = new WeakMap<AbortSignal, Set<() => void>>();
