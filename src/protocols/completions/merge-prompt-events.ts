import { renumbered, sumUsage } from "../../hub/merge-answers.js";
import type { GenerateEvent, Usage } from "../../hub/types.js";

/**
 * The event streams of several prompts (one upstream call each, already started) → one stream, as if one
 * call had answered them all: prompt p's candidate c becomes candidate p × choicesPerPrompt + c, and the
 * usage of every call is summed into one `usage` event at the end. The prompts are read one after the other;
 * a failure in one ends the whole stream (the encoders turn it into the protocol's error). Answers read
 * whole are merged the same way by hub/merge-answers.ts `mergeWholeAnswers`.
 */
export async function* mergePromptEvents(
  streams: readonly AsyncIterable<GenerateEvent>[],
  choicesPerPrompt: number,
): AsyncGenerator<GenerateEvent> {
  const usages: Usage[] = [];
  let prompt = 0;
  try {
    for (; prompt < streams.length; prompt += 1) {
      const offset = prompt * choicesPerPrompt;
      let usage: Usage | undefined;
      for await (const event of streams[prompt] ?? []) {
        if (event.type === "usage") usage = event.usage;
        else yield renumbered(event, offset);
      }
      if (usage !== undefined) usages.push(usage);
    }
  } finally {
    // Streams never reached (the consumer stopped, or an earlier prompt failed) still hold an account.
    await Promise.all(streams.slice(prompt + 1).map(abandonStream));
  }
  if (usages.length > 0) yield { type: "usage", usage: sumUsage(usages) };
}

/**
 * Gives up a started stream that nobody read, so that its upstream call ends and its account is freed: its
 * iterator is returned at once. The pool's answers are plain iterators (server/answer-events.ts, LateAnswer),
 * which close what is behind them even before their first event; a generator would not (one returned before
 * its first `next()` never runs its own cleanup), and none comes here: a whole answer's events
 * (`settledEvents`) hold nothing.
 */
export async function abandonStream(stream: AsyncIterable<GenerateEvent>): Promise<void> {
  await stream[Symbol.asyncIterator]()
    .return?.()
    ?.catch(() => undefined);
}
