import { badUpstream } from "../../errors.js";
import type { FinishReason, TokenLogprob } from "../../hub/types.js";
import { type ChatEncodeContext, type ChatUsage, chatFinishReason } from "../openai-chat/wire-mapping.js";

export type CompletionFinishReason = "stop" | "length" | "content_filter";

/** Same as chat's (id, created, the model the client asked for, include_usage). */
export type CompletionEncodeContext = ChatEncodeContext;

export interface CompletionChoice {
  text: string;
  index: number;
  logprobs: CompletionLogprobs | null;
  finish_reason: CompletionFinishReason | null;
}

/** The legacy API's log probabilities: one entry per token in each list; offsets in the answer's text. */
export interface CompletionLogprobs {
  tokens: string[];
  token_logprobs: number[];
  top_logprobs: Record<string, number>[];
  text_offset: number[];
}

/** Adds `tokens`, the first starting at `offset` in the answer's text, to `into`; returns the next offset. */
export function addLogprobs(
  into: CompletionLogprobs,
  tokens: readonly TokenLogprob[],
  offset: number,
): number {
  let at = offset;
  for (const token of tokens) {
    into.tokens.push(token.token);
    into.token_logprobs.push(token.logprob);
    const top: Record<string, number> = {};
    for (const alternative of token.top) top[alternative.token] = alternative.logprob;
    into.top_logprobs.push(top);
    into.text_offset.push(at);
    at += token.token.length;
  }
  return at;
}

export const emptyLogprobs = (): CompletionLogprobs => ({
  tokens: [],
  token_logprobs: [],
  top_logprobs: [],
  text_offset: [],
});

/** A `text_completion` object: the JSON answer, and (with `finish_reason: null` until the end) each chunk. */
export interface TextCompletion {
  id: string;
  object: "text_completion";
  created: number;
  model: string;
  choices: CompletionChoice[];
  /** Chat's usage: the legacy API reports the same CompletionUsage, details included. */
  usage?: ChatUsage;
}

/**
 * The hub's finish reason → the legacy API's, through chat's mapping; a reason neither has a word for
 * (e.g. MALFORMED_FUNCTION_CALL) is surfaced as a bad upstream answer, never as `stop`.
 */
export function completionFinishReason(reason: FinishReason, rawReason?: string): CompletionFinishReason {
  const mapped = chatFinishReason(reason);
  if (mapped === undefined) {
    throw badUpstream(
      `The upstream ended the answer with '${rawReason ?? reason}'.`,
      "upstream_finish_reason",
    );
  }
  // No tools are declared on this route, so a function call cannot finish a completion.
  return mapped === "tool_calls" ? "stop" : mapped;
}
