import type { FinishReason, Usage } from "../../hub/types.js";

export type ChatFinishReason = "stop" | "length" | "tool_calls" | "content_filter";

/** What a choice may finish with: the hub's reasons, or a deprecated `function_call`'s. */
export type ChoiceFinishReason = ChatFinishReason | "function_call";

/** The hub's finish reason → OpenAI's; `undefined` for reasons OpenAI has no word for (surfaced as errors). */
export function chatFinishReason(reason: FinishReason): ChatFinishReason | undefined {
  switch (reason) {
    case "stop":
      return "stop";
    case "length":
      return "length";
    case "tool-calls":
      return "tool_calls";
    case "content-filter":
      return "content_filter";
    default:
      return undefined;
  }
}

export interface ChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number };
  completion_tokens_details: { reasoning_tokens: number };
}

/** The usage of an answer the upstream told none for: reported as zeros, as OpenAI always reports one. */
export const NO_USAGE: Readonly<Usage> = Object.freeze({
  inputTokens: 0,
  outputTokens: 0,
  reasoningTokens: 0,
  cachedTokens: 0,
});

export function chatUsage(usage: Readonly<Usage>): ChatUsage {
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedTokens },
    completion_tokens_details: { reasoning_tokens: usage.reasoningTokens },
  };
}

export interface ChatEncodeContext {
  id: string;
  created: number;
  /** The model name the client asked for. */
  model: string;
  includeUsage: boolean;
  /** The request declared the deprecated `functions`: a call is answered as `function_call`. */
  legacyFunctions?: boolean;
  /** The client said `reasoning_effort: "none"`: thoughts the model gave all the same are not shown. */
  hideReasoning?: boolean;
}
