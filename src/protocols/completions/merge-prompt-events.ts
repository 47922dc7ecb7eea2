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
 * Gives up a started stream that nobody read, so that its upstream call ends and its account is freed.
 * A generator's first event (already arrived) is read before `return()`: one returned before its first
 * `next()` never runs its own cleanup. Any other iterator (the pool's answers) is returned at once: its
 * first event may not have come yet (a stream whose head went out before its pool answered, LateAnswer),
 * and waiting for it would hold back the end of the stream.
 */
export async function abandonStream(stream: AsyncIterable<GenerateEvent>): Promise<void> {
  const iterator = stream[Symbol.asyncIterator]();
  if (isAsyncGenerator(iterator)) {
    try {
      await iterator.next();
    } catch {
      // Already failed: nothing left to free.
      return;
    }
  }
  await iterator.return?.()?.catch(() => undefined);
}

const isAsyncGenerator = (iterator: AsyncIterator<GenerateEvent>): boolean =>
  Object.prototype.toString.call(iterator) === "[object AsyncGenerator]";
