import type { CandidateDraft } from "./generation-draft.js";
import { countWords, functionCallTokens } from "./token-estimate.js";
import type { Part, UsageMetadata } from "./types.js";

/**
 * The usageMetadata of a stream chunk before the last: Gemini puts one on every chunk, cumulative — the
 * prompt's counts (tool-use and cached included) from the first, the output as far as it has been written —
 * and the last chunk's is the answer's. `written` holds what each candidate has written so far, counted in
 * place by `count`.
 */
export class StreamUsage {
  private readonly output: number[] = [];
  private readonly thoughts: number[] = [];

  constructor(
    private readonly final: UsageMetadata,
    candidates: readonly CandidateDraft[],
  ) {
    // Thinking that shows no thought part was done before the first chunk.
    candidates.forEach((candidate, index) => {
      this.output[index] = 0;
      this.thoughts[index] = candidate.thought === undefined ? (candidate.thoughtTokens ?? 0) : 0;
    });
  }

  /** A chunk's parts for candidate `index` have been written. */
  count(index: number, parts: readonly Part[], candidate: CandidateDraft): void {
    for (const part of parts) {
      if (part.thought === true)
        this.thoughts[index] = candidate.thoughtTokens ?? countWords(candidate.thought);
      else if (part.functionCall !== undefined)
        this.output[index] = (this.output[index] ?? 0) + functionCallTokens(part.functionCall);
      else this.output[index] = (this.output[index] ?? 0) + countWords(part.text);
    }
  }

  /** The usage so far, never above the answer's. */
  now(): UsageMetadata {
    const { final } = this;
    const output = Math.min(sum(this.output), final.candidatesTokenCount ?? 0);
    const thoughts = Math.min(sum(this.thoughts), final.thoughtsTokenCount ?? 0);
    const usage: UsageMetadata = { promptTokenCount: final.promptTokenCount, totalTokenCount: 0 };
    if (final.cachedContentTokenCount !== undefined)
      usage.cachedContentTokenCount = final.cachedContentTokenCount;
    if (final.toolUsePromptTokenCount !== undefined)
      usage.toolUsePromptTokenCount = final.toolUsePromptTokenCount;
    if (output > 0) usage.candidatesTokenCount = output;
    if (thoughts > 0) usage.thoughtsTokenCount = thoughts;
    usage.totalTokenCount = usage.promptTokenCount + (usage.toolUsePromptTokenCount ?? 0) + output + thoughts;
    return usage;
  }
}

const sum = (counts: readonly number[]): number => counts.reduce((total, count) => total + count, 0);
