import { badUpstream } from "../../errors.js";
import type { FinishReason } from "../../hub/types.js";
import { type ChatEncodeContext, type ChatUsage, chatFinishReason } from "../openai-chat/wire-mapping.js";

export type CompletionFinishReason = "stop" | "length" | "content_filter";

/** Same as chat's (id, created, the model the client asked for, include_usage). */
export type CompletionEncodeContext = ChatEncodeContext;

export interface CompletionChoice {
  text: string;
  index: number;
  logprobs: null;
  finish_reason: CompletionFinishReason | null;
}

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
