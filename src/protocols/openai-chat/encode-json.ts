import { badUpstream } from "../../errors.js";
import type { GenerateEvent, Usage } from "../../hub/types.js";
import { type OpenAITokenLogprob, openaiLogprobs } from "../token-logprobs.js";
import { type ChatUrlCitation, chatAnnotations } from "./url-citations.js";
import {
  type ChatEncodeContext,
  type ChatFinishReason,
  type ChatUsage,
  type ChoiceFinishReason,
  chatFinishReason,
  chatUsage,
} from "./wire-mapping.js";

export interface ChatToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

export interface ChatChoice {
  index: number;
  message: {
    role: "assistant";
    content: string | null;
    refusal: null;
    reasoning_content?: string;
    tool_calls?: ChatToolCall[];
    function_call?: ChatToolCall["function"];
    /** The web pages a grounded (web-searching) answer cites; only on such answers. */
    annotations?: ChatUrlCitation[];
  };
  logprobs: { content: OpenAITokenLogprob[]; refusal: null } | null;
  finish_reason: ChoiceFinishReason;
}

export interface ChatCompletion {
  id: string;
  object: "chat.completion";
  created: number;
  model: string;
  choices: ChatChoice[];
  usage: ChatUsage;
  system_fingerprint: null;
}

interface CandidateState {
  text: string;
  reasoning: string;
  toolCalls: ChatToolCall[];
  logprobs?: OpenAITokenLogprob[];
  annotations?: ChatUrlCitation[];
  finish?: ChatFinishReason;
}

/** Hub events (the whole answer) → one chat.completion object. */
export async function encodeChatJson(
  events: AsyncIterable<GenerateEvent>,
  context: ChatEncodeContext,
): Promise<ChatCompletion> {
  const all: GenerateEvent[] = [];
  for await (const event of events) {
    all.push(event);
    if (event.type === "error") break; // thrown below; the rest is not read
  }
  return chatCompletionOf(all, context);
}

/** The same, for an answer already read whole. */
export function chatCompletionOf(
  events: Iterable<GenerateEvent>,
  context: ChatEncodeContext,
): ChatCompletion {
  const candidates = new Map<number, CandidateState>();
  const stateOf = (index: number): CandidateState => {
    let state = candidates.get(index);
    if (state === undefined) {
      state = { text: "", reasoning: "", toolCalls: [] };
      candidates.set(index, state);
    }
    return state;
  };
  let usage: Usage = { inputTokens: 0, outputTokens: 0, reasoningTokens: 0, cachedTokens: 0 };
  for (const event of events) {
    switch (event.type) {
      case "text-delta": {
        const state = stateOf(event.candidate);
        state.text += event.text;
        if (event.logprobs !== undefined) {
          state.logprobs ??= [];
          state.logprobs.push(...openaiLogprobs(event.logprobs));
        }
        break;
      }
      case "reasoning-delta":
        if (context.hideReasoning !== true) stateOf(event.candidate).reasoning += event.text;
        break;
      case "tool-call":
        stateOf(event.candidate).toolCalls.push({
          id: event.id,
          type: "function",
          function: { name: event.name, arguments: JSON.stringify(event.arguments) },
        });
        break;
      case "logprobs": {
        const state = stateOf(event.candidate);
        state.logprobs ??= [];
        state.logprobs.push(...openaiLogprobs(event.tokens));
        break;
      }
      case "citations":
        stateOf(event.candidate).annotations = chatAnnotations(event.citations);
        break;
      case "finish": {
        const reason = chatFinishReason(event.reason);
        if (reason === undefined) {
          throw badUpstream(
            `The upstream ended the answer with '${event.rawReason ?? event.reason}'.`,
            "upstream_finish_reason",
          );
        }
        stateOf(event.candidate).finish = reason;
        break;
      }
      case "code-execution":
      case "code-execution-result":
        // Chat has no code interpreter (agate asks Gemini to run code only for a Responses request): code
        // the model ran all the same is left out, and content stays the model's own words.
        break;
      case "usage":
        usage = event.usage;
        break;
      case "error":
        throw event.error;
    }
  }
  const choices = [...candidates.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, state]) => toChoice(index, state, context.legacyFunctions === true));
  return {
    id: context.id,
    object: "chat.completion",
    created: context.created,
    model: context.model,
    choices,
    usage: chatUsage(usage),
    system_fingerprint: null,
  };
}

function toChoice(index: number, state: CandidateState, legacyFunctions: boolean): ChatChoice {
  const hasToolCalls = state.toolCalls.length > 0;
  const message: ChatChoice["message"] = {
    role: "assistant",
    content: state.text === "" && hasToolCalls ? null : state.text,
    refusal: null,
  };
  if (state.reasoning !== "") message.reasoning_content = state.reasoning;
  if (state.annotations !== undefined) message.annotations = state.annotations;
  const firstCall = state.toolCalls[0];
  if (legacyFunctions && firstCall !== undefined) message.function_call = firstCall.function;
  else if (hasToolCalls) message.tool_calls = state.toolCalls;
  return {
    index,
    message,
    logprobs: state.logprobs === undefined ? null : { content: state.logprobs, refusal: null },
    finish_reason: hasToolCalls
      ? legacyFunctions
        ? "function_call"
        : "tool_calls"
      : (state.finish ?? "stop"),
  };
}
