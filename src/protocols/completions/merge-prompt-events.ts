import type { GenerateEvent, Usage } from "../../hub/types.js";

/**
 * The event streams of several prompts (one upstream call each, already started) → one stream, as if one
 * call had answered them all: prompt p's candidate c becomes candidate p × choicesPerPrompt + c, and the
 * usage of every call is summed into one `usage` event at the end. The prompts are read one after the other;
 * a failure in one ends the whole stream (the encoders turn it into the protocol's error).
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

/** The same merge, for answers already read whole (the pool's `whole`, one per prompt). */
export function mergeWholePrompts(
  answers: readonly (readonly GenerateEvent[])[],
  choicesPerPrompt: number,
): GenerateEvent[] {
  const merged: GenerateEvent[] = [];
  const usages: Usage[] = [];
  for (const [prompt, events] of answers.entries()) {
    let usage: Usage | undefined;
    for (const event of events) {
      if (event.type === "usage") usage = event.usage;
      else merged.push(renumbered(event, prompt * choicesPerPrompt));
    }
    if (usage !== undefined) usages.push(usage);
  }
  if (usages.length > 0) merged.push({ type: "usage", usage: sumUsage(usages) });
  return merged;
}

/** Prompt p's candidate c as candidate p × choicesPerPrompt + c (`offset`); other events as they are. */
function renumbered(event: GenerateEvent, offset: number): GenerateEvent {
  return offset === 0 || !("candidate" in event) ? event : { ...event, candidate: event.candidate + offset };
}

/**
 * Gives up a started stream that nobody read, so that its upstream call ends and its account is freed.
 * It reads the first event (already arrived) before `return()`: a generator returned before its first
 * `next()` never runs its own cleanup.
 */
export async function abandonStream(stream: AsyncIterable<GenerateEvent>): Promise<void> {
  const iterator = stream[Symbol.asyncIterator]();
  try {
    await iterator.next();
  } catch {
    // Already failed: nothing left to free.
    return;
  }
  await iterator.return?.()?.catch(() => undefined);
}

function sumUsage(usages: readonly Usage[]): Usage {
  const total: Usage = { inputTokens: 0, outputTokens: 0, reasoningTokens: 0, cachedTokens: 0 };
  for (const usage of usages) {
    total.inputTokens += usage.inputTokens;
    total.outputTokens += usage.outputTokens;
    total.reasoningTokens += usage.reasoningTokens;
    total.cachedTokens += usage.cachedTokens;
  }
  return total;
}
