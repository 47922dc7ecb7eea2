import type { GenerateEvent, Usage } from "../../hub/types.js";
import { chatUsage } from "../openai-chat/wire-mapping.js";
import {
  addLogprobs,
  type CompletionChoice,
  type CompletionEncodeContext,
  type CompletionFinishReason,
  type CompletionLogprobs,
  completionFinishReason,
  emptyLogprobs,
  type TextCompletion,
} from "./wire-mapping.js";

interface ChoiceState {
  text: string;
  finish?: CompletionFinishReason;
  logprobs?: CompletionLogprobs;
}

/**
 * Hub events (the whole answer) → one `text_completion` object. Reasoning is never part of `text`, and
 * tool calls cannot occur (no tools are declared on this route): both are dropped.
 */
export async function encodeCompletionJson(
  events: AsyncIterable<GenerateEvent>,
  context: CompletionEncodeContext,
): Promise<TextCompletion> {
  const completion = new CompletionBuilder();
  for await (const event of events) completion.handle(event);
  return completion.result(context);
}

/** The same, for an answer already read whole (the pool's `whole`): no await per event. */
export function completionOf(
  events: Iterable<GenerateEvent>,
  context: CompletionEncodeContext,
): TextCompletion {
  const completion = new CompletionBuilder();
  for (const event of events) completion.handle(event);
  return completion.result(context);
}

/** The choices and usage of an answer, event by event (an `error` event is thrown). */
class CompletionBuilder {
  private readonly choices = new Map<number, ChoiceState>();
  private usage: Usage = { inputTokens: 0, outputTokens: 0, reasoningTokens: 0, cachedTokens: 0 };

  handle(event: GenerateEvent): void {
    switch (event.type) {
      case "text-delta": {
        const state = this.stateOf(event.candidate);
        if (event.logprobs !== undefined) {
          state.logprobs ??= emptyLogprobs();
          addLogprobs(state.logprobs, event.logprobs, state.text.length);
        }
        state.text += event.text;
        break;
      }
      case "finish":
        this.stateOf(event.candidate).finish = completionFinishReason(event.reason, event.rawReason);
        break;
      case "usage":
        this.usage = event.usage;
        break;
      case "error":
        throw event.error;
    }
  }

  result(context: CompletionEncodeContext): TextCompletion {
    return {
      id: context.id,
      object: "text_completion",
      created: context.created,
      model: context.model,
      choices: [...this.choices.entries()]
        .sort(([a], [b]) => a - b)
        .map(([index, state]) => toChoice(index, state)),
      usage: chatUsage(this.usage),
    };
  }

  private stateOf(index: number): ChoiceState {
    let state = this.choices.get(index);
    if (state === undefined) {
      state = { text: "" };
      this.choices.set(index, state);
    }
    return state;
  }
}

function toChoice(index: number, state: ChoiceState): CompletionChoice {
  return { text: state.text, index, logprobs: state.logprobs ?? null, finish_reason: state.finish ?? "stop" };
}
