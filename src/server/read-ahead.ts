import type { GenerateEvent } from "../hub/types.js";

const DONE: IteratorResult<GenerateEvent> = { done: true, value: undefined };

/**
 * A call's events read as fast as they come, whether or not anyone reads them yet, and held in order for the
 * reader: the call ends when its upstream does, not when its reader reaches it (a legacy completions stream
 * reads its prompts one after the other, and a prompt's slot is freed when its call ends: prompt-calls.ts).
 * What it costs: the events wait in memory instead of in the socket, so a slow reader no longer slows the
 * upstream down; a few answers of one request at most.
 *
 * The source's failure is the reader's too, after the events before it, once. A reader that gives up before
 * the source has ended calls `giveUp`, which must end the source's pending read (as stopping the request's
 * upstream calls does: a source read ahead always has one), and returns the source without waiting for it.
 * A plain iterator, not a generator: returning it before its first `next()` still gives the source up.
 */
export function readAhead(
  source: AsyncIterator<GenerateEvent>,
  giveUp: () => void,
): AsyncIterableIterator<GenerateEvent> {
  return new ReadAhead(source, giveUp);
}

class ReadAhead implements AsyncIterableIterator<GenerateEvent> {
  private readonly held: IteratorResult<GenerateEvent>[] = [];
  private failure: { error: unknown } | undefined;
  /** The source has ended or failed: nothing more to read from it. */
  private sourceOver = false;
  /** The reader has had the end or the failure, or gave up: nothing more to give. */
  private readerOver = false;
  private waiting:
    | { resolve: (result: IteratorResult<GenerateEvent>) => void; reject: (error: unknown) => void }
    | undefined;

  constructor(
    private readonly source: AsyncIterator<GenerateEvent>,
    private readonly giveUp: () => void,
  ) {
    this.pull();
  }

  next(): Promise<IteratorResult<GenerateEvent>> {
    const result = this.held.shift();
    if (result !== undefined) {
      if (result.done === true) this.readerOver = true;
      return Promise.resolve(result);
    }
    if (this.readerOver) return Promise.resolve(DONE);
    const failure = this.failure;
    if (failure !== undefined) {
      this.readerOver = true;
      return Promise.reject(failure.error);
    }
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  async return(): Promise<IteratorResult<GenerateEvent>> {
    const stillReading = !this.sourceOver && !this.readerOver;
    this.readerOver = true;
    this.held.length = 0;
    this.waiting?.resolve(DONE);
    this.waiting = undefined;
    if (stillReading) {
      this.giveUp();
      this.source.return?.()?.catch(() => undefined);
    }
    return DONE;
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<GenerateEvent> {
    return this;
  }

  private pull(): void {
    this.source.next().then(
      (result) => {
        if (result.done === true) this.sourceOver = true;
        if (this.readerOver) return;
        this.hand(result);
        if (result.done !== true) this.pull();
      },
      (error: unknown) => {
        this.sourceOver = true;
        if (this.readerOver) return;
        const waiting = this.waiting;
        this.waiting = undefined;
        if (waiting === undefined) this.failure = { error };
        else {
          this.readerOver = true;
          waiting.reject(error);
        }
      },
    );
  }

  private hand(result: IteratorResult<GenerateEvent>): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting === undefined) this.held.push(result);
    else {
      if (result.done === true) this.readerOver = true;
      waiting.resolve(result);
    }
  }
}
