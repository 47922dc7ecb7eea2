import type { AgateError } from "../../errors.js";
import type { GenerateEvent, Usage } from "../../hub/types.js";
import { chatUsage } from "../openai-chat/wire-mapping.js";
import {
  type CompletionEncodeContext,
  type CompletionFinishReason,
  completionFinishReason,
  type TextCompletion,
} from "./wire-mapping.js";

/**
 * Hub events → legacy Completions SSE frames: `text_completion` chunks (text deltas, then one chunk with
 * `finish_reason` per choice), the usage chunk when asked for, then `data: [DONE]`. Reasoning is dropped,
 * never mixed into `text`. A failure after the first frame becomes one error frame, then [DONE].
 */
export async function* encodeCompletionStream(
  events: AsyncIterable<GenerateEvent>,
  context: CompletionEncodeContext,
  errorToBody: (error: unknown) => AgateError,
): AsyncGenerator<string> {
  const chunk = (choices: TextCompletion["choices"], usage?: Usage): string => {
    const body: TextCompletion = {
      id: context.id,
      object: "text_completion",
      created: context.created,
      model: context.model,
      choices,
    };
    if (usage !== undefined) body.usage = chatUsage(usage);
    return data(body);
  };
  const choice = (index: number, text: string, finishReason: CompletionFinishReason | null = null) =>
    chunk([{ text, index, logprobs: null, finish_reason: finishReason }]);
  let usage: Usage | undefined;
  try {
    for await (const event of events) {
      switch (event.type) {
        case "text-delta":
          yield choice(event.candidate, event.text);
          break;
        case "finish":
          yield choice(event.candidate, "", completionFinishReason(event.reason, event.rawReason));
          break;
        case "usage":
          usage = event.usage;
          break;
        case "error":
          throw event.error;
      }
    }
  } catch (error) {
    yield data(errorToBody(error).toJSON());
    yield "data: [DONE]\n\n";
    return;
  }
  if (context.includeUsage && usage !== undefined) yield chunk([], usage);
  yield "data: [DONE]\n\n";
}

const data = (payload: unknown): string => `data: ${JSON.stringify(payload)}\n\n`;
