import { randomBytes } from "node:crypto";
import { searchResultTokens } from "./grounding.js";
import type { SimGrounding } from "./script-types.js";
import { countWords, functionCallTokens } from "./token-estimate.js";
import type { FunctionCall, UsageMetadata } from "./types.js";

/** Code the model ran (code execution): its text before, the code, each run's result; `text` comes after. */
export interface CodeDraft {
  preface?: string;
  code: string;
  results: { outcome: string; output: string }[];
  /** Gemini 3 signs the code part. */
  signature?: string;
}

/** One candidate before it is laid out as a whole response or as stream chunks. */
export interface CandidateDraft {
  thought?: string;
  thoughtSignature?: string;
  /** Tokens spent thinking, shown or not; else the words of `thought`. */
  thoughtTokens?: number;
  text?: string;
  /** Gemini 3 puts the signature on the last text part when there is no function call. */
  textSignature?: string;
  functionCalls: FunctionCall[];
  /** On the first functionCall part only, as Gemini 3 does for parallel calls. */
  callSignature?: string;
  finishReason: string;
  /** Asked for log probabilities (`responseLogprobs`): the alternatives to list per token. */
  logprobs?: number;
  /** The request searched the web: groundingMetadata on the whole answer, or on the last stream chunk. */
  grounding?: SimGrounding;
  /**
   * The search shown as toolCall / toolResponse parts before the answer, where the request asked to see the
   * built-in tools' calls (Gemini 3 grounding beside function declarations).
   */
  searchCallId?: string;
  /** The model ran code before its text. */
  code?: CodeDraft;
}

export interface GenerationDraft {
  candidates: CandidateDraft[];
  usage: UsageMetadata;
  blockReason?: string;
  modelVersion: string;
  responseId: string;
}

export function newResponseId(): string {
  return randomBytes(12).toString("base64url");
}

/**
 * Usage summed over candidates, with the search results a grounded answer read as toolUsePromptTokenCount
 * (apart from the prompt, as Gemini reports them); `override` fields win and the total follows them unless
 * given.
 */
export function usageFor(
  promptTokens: number,
  candidates: readonly CandidateDraft[],
  override: Partial<UsageMetadata> = {},
): UsageMetadata {
  let output = 0;
  let thoughts = 0;
  // What the model read besides the prompt: a grounded answer's search results, its code's runs (Gemini
  // counts them apart, as toolUsePromptTokenCount).
  const grounding = candidates.find((candidate) => candidate.grounding !== undefined)?.grounding;
  let toolUse = grounding === undefined ? 0 : searchResultTokens(grounding);
  for (const candidate of candidates) {
    output += countWords(candidate.text);
    for (const call of candidate.functionCalls) output += functionCallTokens(call);
    thoughts += candidate.thoughtTokens ?? countWords(candidate.thought);
    if (candidate.code !== undefined) {
      output += countWords(candidate.code.preface) + Math.ceil(candidate.code.code.length / 4);
      for (const result of candidate.code.results)
        toolUse += Math.max(1, Math.ceil(result.output.length / 4));
    }
  }
  const merged: UsageMetadata = {
    promptTokenCount: promptTokens,
    candidatesTokenCount: output,
    ...(thoughts > 0 ? { thoughtsTokenCount: thoughts } : {}),
    ...(toolUse > 0 ? { toolUsePromptTokenCount: toolUse } : {}),
    totalTokenCount: 0,
    ...override,
  };
  if (override.totalTokenCount === undefined) {
    merged.totalTokenCount =
      merged.promptTokenCount +
      (merged.candidatesTokenCount ?? 0) +
      (merged.thoughtsTokenCount ?? 0) +
      (merged.toolUsePromptTokenCount ?? 0);
  }
  return merged;
}
