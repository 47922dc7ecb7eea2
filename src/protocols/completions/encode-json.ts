import type { GenerateEvent, Usage } from "../../hub/types.js";
import { chatUsage } from "../openai-chat/wire-mapping.js";
import {
  type CompletionChoice,
  type CompletionEncodeContext,
  type CompletionFinishReason,
  completionFinishReason,
  type TextCompletion,
} from "./wire-mapping.js";

interface ChoiceState {
  text: string;
  finish?: CompletionFinishReason;
}

/**
 * Hub events (the whole answer) → one `text_completion` object. Reasoning is never part of `text`, and
 * tool calls cannot occur (no tools are declared on this route): both are dropped.
 */
export async function encodeCompletionJson(
  events: AsyncIterable<GenerateEvent>,
  context: CompletionEncodeContext,
): Promise<TextCompletion> {
  const choices = new Map<number, ChoiceState>();
  const stateOf = (index: number): ChoiceState => {
    let state = choices.get(index);
    if (state === undefined) {
      state = { text: "" };
      choices.set(index, state);
    }
    return state;
  };
  let usage: Usage = { inputTokens: 0, outputTokens: 0, reasoningTokens: 0, cachedTokens: 0 };
  for await (const event of events) {
    switch (event.type) {
      case "text-delta":
        stateOf(event.candidate).text += event.text;
        break;
      case "finish":
        stateOf(event.candidate).finish = completionFinishReason(event.reason, event.rawReason);
        break;
      case "usage":
        usage = event.usage;
        break;
      case "error":
        throw event.error;
    }
  }
  return {
    id: context.id,
    object: "text_completion",
    created: context.created,
    model: context.model,
    choices: [...choices.entries()].sort(([a], [b]) => a - b).map(([index, state]) => toChoice(index, state)),
    usage: chatUsage(usage),
  };
}

function toChoice(index: number, state: ChoiceState): CompletionChoice {
  return { text: state.text, index, logprobs: null, finish_reason: state.finish ?? "stop" };
}
