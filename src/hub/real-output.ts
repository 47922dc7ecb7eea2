import type { GenerateEvent } from "./types.js";

/**
 * Whether an event is output the client would see as part of the answer: text or reasoning that says
 * something, a tool call, code the model ran and its results, a finish (or an error). Usage, log
 * probabilities, citations and a text's signature on their own, and empty deltas (a chunk of usage only, an
 * empty text or thought part that carries a signature) are not:
 * before the first real output the call is not committed to the client and may still be retried
 * (contract §6).
 */
export function isRealOutput(event: GenerateEvent): boolean {
  switch (event.type) {
    case "text-delta":
    case "reasoning-delta":
      return event.text !== "";
    case "usage":
    case "logprobs":
    case "citations":
    case "text-signature":
      return false;
    default:
      return true;
  }
}

/**
 * Reads a call's events up to its first real output or its end (contract §6: nothing is sent to the client
 * before it, so a failure on the way can still be retried on another account): every result read, in order,
 * pushed on `head` as it comes (what a caller still has of a call that failed on the way).
 */
export async function untilRealOutput(
  next: () => Promise<IteratorResult<GenerateEvent>>,
  head: IteratorResult<GenerateEvent>[] = [],
): Promise<IteratorResult<GenerateEvent>[]> {
  for (;;) {
    const result = await next();
    head.push(result);
    if (result.done === true || isRealOutput(result.value)) return head;
  }
}

/** The events among the results a head read (its end left out). */
export function* eventsRead(head: readonly IteratorResult<GenerateEvent>[]): Generator<GenerateEvent> {
  for (const result of head) if (result.done !== true) yield result.value;
}
