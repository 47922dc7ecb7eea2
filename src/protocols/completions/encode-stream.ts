import type { AgateError } from "../../errors.js";
import type { GenerateEvent, Usage } from "../../hub/types.js";
import { chatUsage, NO_USAGE } from "../openai-chat/wire-mapping.js";
import {
  addLogprobs,
  type CompletionEncodeContext,
  type CompletionFinishReason,
  type CompletionLogprobs,
  completionFinishReason,
  emptyLogprobs,
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
  // What every chunk repeats (id, object, created, model), serialised once per stream. Byte for byte what
  // JSON.stringify of the whole TextCompletion gives.
  const head = `data: {"id":${JSON.stringify(context.id)},"object":"text_completion","created":${JSON.stringify(context.created)},"model":${JSON.stringify(context.model)},"choices":`;
  // With include_usage, every chunk before the usage chunk carries `"usage": null` (as chat's do).
  const tail = context.includeUsage ? `,"usage":null}\n\n` : "}\n\n";
  const chunk = (choices: TextCompletion["choices"], usage?: Readonly<Usage>): string =>
    usage === undefined
      ? `${head}${JSON.stringify(choices)}${tail}`
      : `${head}${JSON.stringify(choices)},"usage":${JSON.stringify(chatUsage(usage))}}\n\n`;
  const choice = (
    index: number,
    text: string,
    finishReason: CompletionFinishReason | null = null,
    logprobs: CompletionLogprobs | null = null,
  ) => chunk([{ text, index, logprobs, finish_reason: finishReason }]);
  let usage: Usage | undefined;
  /** Each choice's text so far, in characters: where its next token starts (only with logprobs). */
  const offsets = new Map<number, number>();
  try {
    for await (const event of events) {
      switch (event.type) {
        case "text-delta": {
          if (event.logprobs === undefined) {
            yield choice(event.candidate, event.text);
            break;
          }
          const logprobs = emptyLogprobs();
          addLogprobs(logprobs, event.logprobs, offsets.get(event.candidate) ?? 0);
          offsets.set(event.candidate, (offsets.get(event.candidate) ?? 0) + event.text.length);
          yield choice(event.candidate, event.text, null, logprobs);
          break;
        }
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
  // With include_usage the usage chunk always comes (as chat's); zeros when the upstream told none.
  if (context.includeUsage) yield chunk([], usage ?? NO_USAGE);
  yield "data: [DONE]\n\n";
}

const data = (payload: unknown): string => `data: ${JSON.stringify(payload)}\n\n`;
