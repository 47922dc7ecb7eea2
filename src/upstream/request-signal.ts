/**
 * The abort signal of one client request, without an AbortController. Node 20's AbortSignal costs ≈ 4–6 µs
 * to create once anything holds it, and more per EventTarget listener (measured apart, bench/README.md);
 * a request makes one and waits on it several times, and undici adds and removes a listener on it per
 * upstream call. This has the part of AbortSignal that agate and undici use: `aborted`, `reason`,
 * `throwIfAborted` and "abort" listeners (addEventListener/removeEventListener, kept in a Set).
 * `asAbortSignal` hands it to code typed for AbortSignal; nothing there may call other AbortSignal members.
 */
export class RequestSignal {
  aborted = false;
  reason: unknown = undefined;
  private listeners: Set<() => void> | undefined;

  /** Aborts once: every listener is called in the order it came, then forgotten. */
  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const waiting = this.listeners;
    this.listeners = undefined;
    if (waiting !== undefined) for (const listener of waiting) listener();
  }

  /** Calls `listener` once on abort (at once if aborted); returns the function that unregisters it. */
  subscribe(listener: () => void): () => void {
    if (this.aborted) {
      listener();
      return () => undefined;
    }
    const entry = () => listener();
    this.listeners ??= new Set();
    this.listeners.add(entry);
    return () => {
      this.listeners?.delete(entry);
    };
  }

  throwIfAborted(): void {
    if (this.aborted) throw this.reason;
  }

  addEventListener(_type: "abort", listener: () => void): void {
    this.track(listener);
  }

  removeEventListener(_type: "abort", listener: () => void): void {
    this.untrack(listener);
  }

  asAbortSignal(): AbortSignal {
    return this as unknown as AbortSignal;
  }

  private stops: Map<() => void, () => void> | undefined;

  private track(listener: () => void): void {
    this.stops ??= new Map();
    if (this.stops.has(listener)) return;
    this.stops.set(
      listener,
      this.subscribe(() => {
        this.stops?.delete(listener);
        listener();
      }),
    );
  }

  private untrack(listener: () => void): void {
    this.stops?.get(listener)?.();
    this.stops?.delete(listener);
  }
}
