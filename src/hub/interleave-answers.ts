import { renumbered, sumUsage } from "./merge-answers.js";
import { untilRealOutput } from "./real-output.js";
import type { GenerateEvent, Usage } from "./types.js";

/** What one call's pending `next()` came to, in the order the calls' results arrive. */
type Arrival =
  | { answer: number; result: IteratorResult<GenerateEvent>; error?: undefined }
  | { answer: number; error: { reason: unknown } };

/**
 * The live answers of several upstream calls made for one request, one choice each (a model that gives one
 * candidate per call, asked for n) → one stream, as if one call had given n candidates: call i's candidate
 * becomes choice i.
 *
 * - Every call is read at once, and nothing passes until each has reached its first real output
 *   (hub/real-output.ts) or its end: a call failing before that fails the whole answer before anything went
 *   to the client, so the pool's retry rules (contract §6) apply to the request as a whole.
 * - Then each call's first events (in choice order), then events as they arrive, one pending read per call:
 *   calls that both have events ready take turns, and no choice waits for another to finish.
 * - Each call's last `usage` (cumulative in Gemini) is kept, and their sum comes once, after every call has
 *   ended: the tokens all the calls spent, each call's prompt included.
 * - A failure, or a consumer that stops early, calls `stopAll` (which must end the calls' pending reads, as
 *   aborting their signal does) and gives every call still open up.
 */
export async function* interleaveAnswers(
  answers: readonly AsyncIterable<GenerateEvent>[],
  stopAll: () => void,
): AsyncGenerator<GenerateEvent> {
  const calls = answers.map((answer) => answer[Symbol.asyncIterator]());
  const ended = calls.map(() => false);
  const usages: (Usage | undefined)[] = [];
  let finished = false;
  try {
    const heads = await Promise.all(calls.map((call) => untilRealOutput(() => call.next())));
    const arrivals: Arrival[] = [];
    let wake: (() => void) | undefined;
    const arrive = (arrival: Arrival) => {
      arrivals.push(arrival);
      wake?.();
      wake = undefined;
    };
    const read = (answer: number) => {
      calls[answer]?.next().then(
        (result) => arrive({ answer, result }),
        (reason: unknown) => arrive({ answer, error: { reason } }),
      );
    };
    let open = 0;
    for (const [answer, head] of heads.entries()) {
      if (head.at(-1)?.done === true) ended[answer] = true;
      else {
        open += 1;
        read(answer);
      }
    }
    for (const [answer, head] of heads.entries()) {
      for (const result of head) {
        if (result.done === true) continue;
        if (result.value.type === "usage") usages[answer] = result.value.usage;
        else yield renumbered(result.value, answer);
      }
    }
    while (open > 0) {
      if (arrivals.length === 0)
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      const arrival = arrivals.shift();
      if (arrival === undefined) continue;
      const { answer } = arrival;
      if (arrival.error !== undefined) throw arrival.error.reason;
      if (arrival.result.done === true) {
        ended[answer] = true;
        open -= 1;
        continue;
      }
      const event = arrival.result.value;
      if (event.type === "usage") usages[answer] = event.usage;
      else yield renumbered(event, answer);
      read(answer);
    }
    finished = true;
  } finally {
    if (!finished) {
      stopAll();
      for (const [answer, call] of calls.entries()) {
        // Not awaited: a call's pending read ends by stopAll's abort, and its cleanup runs then.
        if (!ended[answer]) call.return?.()?.catch(() => undefined);
      }
    }
  }
  const spent = usages.filter((usage) => usage !== undefined);
  if (spent.length > 0) yield { type: "usage", usage: sumUsage(spent) };
}
