import type { GenerateEvent, Usage } from "./types.js";

/**
 * Several upstream answers to one client request (one call per prompt, or one per choice) → one answer, as if
 * one call had given them all: answer a's candidate c becomes candidate a × candidatesEach + c, and the usage
 * of every answer (its last `usage` event, Gemini's being cumulative) is summed into one event at the end.
 * This is the merge of answers already read whole; hub/interleave-answers.ts merges live streams.
 */
export function mergeWholeAnswers(
  answers: readonly (readonly GenerateEvent[])[],
  candidatesEach: number,
): GenerateEvent[] {
  const merged: GenerateEvent[] = [];
  const usages: Usage[] = [];
  for (const [answer, events] of answers.entries()) {
    let usage: Usage | undefined;
    for (const event of events) {
      if (event.type === "usage") usage = event.usage;
      else merged.push(renumbered(event, answer * candidatesEach));
    }
    if (usage !== undefined) usages.push(usage);
  }
  if (usages.length > 0) merged.push({ type: "usage", usage: sumUsage(usages) });
  return merged;
}

/** An event of a candidate moved `offset` candidates on; events of no candidate as they are. */
export function renumbered(event: GenerateEvent, offset: number): GenerateEvent {
  return offset === 0 || !("candidate" in event) ? event : { ...event, candidate: event.candidate + offset };
}

/** The last usage among `events` (Gemini's is cumulative: the last is the call's), if any. */
export function lastUsage(events: Iterable<GenerateEvent>): Usage | undefined {
  let usage: Usage | undefined;
  for (const event of events) if (event.type === "usage") usage = event.usage;
  return usage;
}

/** Every count added up: what the upstream calls spent together. */
export function sumUsage(usages: readonly Usage[]): Usage {
  const total: Usage = { inputTokens: 0, outputTokens: 0, reasoningTokens: 0, cachedTokens: 0 };
  for (const usage of usages) {
    total.inputTokens += usage.inputTokens;
    total.outputTokens += usage.outputTokens;
    total.reasoningTokens += usage.reasoningTokens;
    total.cachedTokens += usage.cachedTokens;
  }
  return total;
}
