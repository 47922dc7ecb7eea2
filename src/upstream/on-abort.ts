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

/** What undici accepts as a request's `signal` besides an AbortSignal: an emitter of "abort". */
export interface AbortEmitter {
  readonly aborted: boolean;
  readonly reason: unknown;
  /** undici checks that `on` exists before it uses `once`; "abort" happens once, so they mean the same. */
  on(event: "abort", listener: () => void): AbortEmitter;
  once(event: "abort", listener: () => void): AbortEmitter;
  removeListener(event: "abort", listener: () => void): AbortEmitter;
}

/**
 * `signal` as the emitter undici also takes, its listeners kept by onAbort. Handed an AbortSignal, undici
 * adds and removes an EventTarget listener on every upstream call: passing no signal at all measured 11%
 * less CPU per request at c=64 (bench/ab.mjs), and this keeps the abort at that price.
 */
export function abortEmitter(signal: AbortSignal): AbortEmitter {
  if (signal instanceof RequestSignal) return signal;
  const stops = new Map<() => void, () => void>();
  const emitter: AbortEmitter = {
    get aborted() {
      return signal.aborted;
    },
    get reason() {
      return signal.reason;
    },
    on(event, listener) {
      return emitter.once(event, listener);
    },
    once(_event, listener) {
      stops.get(listener)?.();
      stops.set(
        listener,
        onAbort(signal, () => {
          stops.delete(listener);
          listener();
        }),
      );
      return emitter;
    },
    removeListener(_event, listener) {
      stops.get(listener)?.();
      stops.delete(listener);
      return emitter;
    },
  };
  return emitter;
}
