import { lastUsage, renumbered, sumUsage } from "./merge-answers.js";
import { eventsRead, untilRealOutput } from "./real-output.js";
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
 *   aborting their signal does) and gives every call still open up. A failure passes on the sum of the
 *   usage the calls had reported by then (each call's last, the failed one's included) just before it, as
 *   one call's stream does: the answer is lost, the tokens were billed.
 */
export async function* interleaveAnswers(
  answers: readonly AsyncIterable<GenerateEvent>[],
  stopAll: () => void,
): AsyncGenerator<GenerateEvent> {
  const calls = answers.map((answer) => answer[Symbol.asyncIterator]());
  const ended = calls.map(() => false);
  const usages: (Usage | undefined)[] = [];
  // What each call read before its first real output (kept apart: a failure there still has them).
  const heads = calls.map((): IteratorResult<GenerateEvent>[] => []);
  // Read to the end, or given up: nothing left to stop.
  let over = false;
  const giveUp = () => {
    if (over) return;
    over = true;
    stopAll();
    for (const [answer, call] of calls.entries()) {
      // Not awaited: a call's pending read ends by stopAll's abort, and its cleanup runs then.
      if (!ended[answer]) call.return?.()?.catch(() => undefined);
    }
  };
  try {
    await Promise.all(calls.map((call, answer) => untilRealOutput(() => call.next(), heads[answer])));
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
    over = true;
  } catch (error) {
    giveUp();
    const spent = spentSoFar(usages, heads);
    if (spent !== undefined) yield spent;
    throw error;
  } finally {
    giveUp();
  }
  const spent = spentSoFar(usages, []);
  if (spent !== undefined) yield spent;
}

/**
 * The calls' usage together: each call's last usage, else the last its head read (a call that failed, or
 * was stopped, before the head was passed on); undefined when no call reported any.
 */
function spentSoFar(
  usages: readonly (Usage | undefined)[],
  heads: readonly (readonly IteratorResult<GenerateEvent>[])[],
): GenerateEvent | undefined {
  const spent: Usage[] = [];
  for (let answer = 0; answer < Math.max(usages.length, heads.length); answer++) {
    const usage = usages[answer] ?? lastUsage(eventsRead(heads[answer] ?? []));
    if (usage !== undefined) spent.push(usage);
  }
  return spent.length > 0 ? { type: "usage", usage: sumUsage(spent) } : undefined;
}
