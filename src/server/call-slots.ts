import { onAbort } from "../upstream/on-abort.js";

/**
 * Room for `capacity` upstream calls at once, taken and given back by count (a prompt asking n choices of a
 * Gemini 3 model takes n). Who finds too few free waits, in the order they asked: a later, smaller ask never
 * goes first, so every ask is served in turn. An ask larger than the capacity takes all of it.
 */
export class CallSlots {
  private free: number;
  private readonly waiting: Waiter[] = [];

  constructor(private readonly capacity: number) {
    this.free = capacity;
  }

  /** Takes `count` slots now, when they are free and nobody waits before: true; else nothing is taken. */
  tryTake(count: number): boolean {
    const wanted = Math.min(count, this.capacity);
    if (this.waiting.length > 0 || wanted > this.free) return false;
    this.free -= wanted;
    return true;
  }

  /**
   * `count` slots, once they are free and every earlier ask has been served. When `signal` aborts first, the
   * ask is withdrawn and the promise rejects with its reason.
   */
  take(count: number, signal: AbortSignal): Promise<void> {
    if (this.tryTake(count)) return Promise.resolve();
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        wanted: Math.min(count, this.capacity),
        granted: () => {
          stopWatching();
          resolve();
        },
      };
      const stopWatching = onAbort(signal, () => {
        const at = this.waiting.indexOf(waiter);
        if (at < 0) return;
        this.waiting.splice(at, 1);
        // The ones behind may fit now that it no longer waits before them.
        this.serve();
        reject(signal.reason);
      });
      this.waiting.push(waiter);
    });
  }

  /** Gives back `count` slots (as many as were taken for it) and serves the waiting asks that now fit. */
  release(count: number): void {
    this.free += Math.min(count, this.capacity);
    this.serve();
  }

  private serve(): void {
    for (
      let first = this.waiting[0];
      first !== undefined && first.wanted <= this.free;
      first = this.waiting[0]
    ) {
      this.waiting.shift();
      this.free -= first.wanted;
      first.granted();
    }
  }
}

interface Waiter {
  wanted: number;
  granted: () => void;
}
