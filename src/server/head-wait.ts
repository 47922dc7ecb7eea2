import type { PoolResult } from "../pool/pool.js";
import { LateAnswer } from "./late-answer.js";

/**
 * The pool's answer when it comes (or fails) within `waitMs`, as it is; else, at `waitMs`, a LateAnswer that
 * waits for it, `onLate` called first (`calls`: the signal the LateAnswer stops when it is given up before the
 * pool answered). No timer of its own: the calls waiting as long share one (HeadWaits).
 */
export function answerWithin(
  pending: Promise<PoolResult>,
  waitMs: number,
  onLate: () => void,
  calls?: AbortSignal,
): Promise<PoolResult | LateAnswer> {
  const waits = waitsFor(waitMs);
  return new Promise((resolve, reject) => {
    const entry: Waiting = {
      at: performance.now() + waitMs,
      late: () => {
        onLate();
        resolve(new LateAnswer(pending, calls));
      },
    };
    waits.add(entry);
    pending.then(
      (result) => {
        waits.remove(entry);
        resolve(result);
      },
      (error: unknown) => {
        waits.remove(entry);
        reject(error);
      },
    );
  });
}

interface Waiting {
  at: number;
  late: () => void;
}

/**
 * The calls waiting for their answer's head, all for the same time, so in the order of their deadlines: one
 * timer, due at the first one's, serves them all (a setTimeout and clearTimeout per call cost ≈ 2 µs; this, a
 * Set entry). It runs only while a call waits, and lets the process exit.
 */
class HeadWaits {
  private readonly waiting = new Set<Waiting>();
  private timer: NodeJS.Timeout | undefined;

  add(entry: Waiting): void {
    this.waiting.add(entry);
    if (this.timer === undefined) this.arm(entry.at);
  }

  remove(entry: Waiting): void {
    this.waiting.delete(entry);
  }

  private arm(at: number): void {
    this.timer = setTimeout(() => this.due(), Math.max(0, Math.ceil(at - performance.now())));
    this.timer.unref();
  }

  private due(): void {
    this.timer = undefined;
    const now = performance.now();
    for (const entry of this.waiting) {
      if (entry.at > now) {
        this.arm(entry.at);
        return;
      }
      this.waiting.delete(entry);
      entry.late();
    }
  }
}

const byWait = new Map<number, HeadWaits>();

function waitsFor(waitMs: number): HeadWaits {
  let waits = byWait.get(waitMs);
  if (waits === undefined) {
    waits = new HeadWaits();
    byWait.set(waitMs, waits);
  }
  return waits;
}
