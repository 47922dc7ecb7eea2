import { type AgateError, badUpstream } from "../../errors.js";
import type { GenerateEvent, Usage } from "../../hub/types.js";
import { type OpenAITokenLogprob, openaiLogprobs } from "../token-logprobs.js";
import { type ChatUrlCitation, chatAnnotations } from "./url-citations.js";
import {
  type ChatEncodeContext,
  type ChoiceFinishReason,
  chatFinishReason,
  chatUsage,
  NO_USAGE,
} from "./wire-mapping.js";

interface ChunkDelta {
  role?: "assistant";
  content?: string;
  reasoning_content?: string;
  tool_calls?: {
    index: number;
    id: string;
    type: "function";
    function: { name: string; arguments: string };
  }[];
  function_call?: { name: string; arguments: string };
  annotations?: ChatUrlCitation[];
}

/**
 * Hub events → Chat Completions SSE frames (`data: {...}\n\n`), ending with `data: [DONE]`. A failure after
 * the first frame becomes one error frame, then [DONE]: never a silent cut.
 */
export async function* encodeChatStream(
  events: AsyncIterable<GenerateEvent>,
  context: ChatEncodeContext,
  errorToBody: (error: unknown) => AgateError,
): AsyncGenerator<string> {
  const started = new Set<number>();
  const toolCallCount = new Map<number, number>();
  let usage: Usage | undefined;
  // What every chunk repeats (id, object, created, model, system_fingerprint), serialised once per stream;
  // each frame splices its choices in. Byte for byte what JSON.stringify of the whole chunk gives.
  const head = `data: {"id":${JSON.stringify(context.id)},"object":"chat.completion.chunk","created":${JSON.stringify(context.created)},"model":${JSON.stringify(context.model)},"system_fingerprint":null,"choices":[`;
  // With include_usage, OpenAI gives every chunk before the usage chunk `"usage": null`; without, no key.
  const tail = context.includeUsage ? `],"usage":null}\n\n` : "]}\n\n";
  const frame = (
    index: number,
    delta: ChunkDelta,
    finishReason: ChoiceFinishReason | null = null,
    logprobs: OpenAITokenLogprob[] | null = null,
  ): string =>
    `${head}${JSON.stringify({
      index,
      delta,
      logprobs: logprobs === null ? null : { content: logprobs, refusal: null },
      finish_reason: finishReason,
    })}${tail}`;
  function* open(index: number): Generator<string> {
    if (started.has(index)) return;
    started.add(index);
    yield frame(index, { role: "assistant", content: "" });
  }
  // The frames of one event. Iterated with for-of: a `yield*` of a sync generator inside the async one below
  // would wrap it in an async iterator, with promises per step, for every event.
  function* framesOf(event: GenerateEvent): Generator<string> {
    switch (event.type) {
      case "text-delta":
        yield* open(event.candidate);
        yield frame(
          event.candidate,
          { content: event.text },
          null,
          event.logprobs === undefined ? null : openaiLogprobs(event.logprobs),
        );
        break;
      case "reasoning-delta":
        yield* open(event.candidate);
        if (event.text !== "" && context.hideReasoning !== true)
          yield frame(event.candidate, { reasoning_content: event.text });
        break;
      case "tool-call": {
        yield* open(event.candidate);
        const index = toolCallCount.get(event.candidate) ?? 0;
        toolCallCount.set(event.candidate, index + 1);
        const call = { name: event.name, arguments: JSON.stringify(event.arguments) };
        if (context.legacyFunctions === true) {
          // The deprecated form has one call and no id (the hub keeps the first call only).
          if (index === 0) yield frame(event.candidate, { function_call: call });
          break;
        }
        yield frame(event.candidate, {
          tool_calls: [{ index, id: event.id, type: "function", function: call }],
        });
        break;
      }
      case "logprobs":
        yield* open(event.candidate);
        yield frame(event.candidate, {}, null, openaiLogprobs(event.tokens));
        break;
      case "citations":
        // All of a choice's citations in one delta, once its text is written, before its finish_reason.
        yield* open(event.candidate);
        yield frame(event.candidate, { annotations: chatAnnotations(event.citations) });
        break;
      case "finish": {
        const reason = chatFinishReason(event.reason);
        if (reason === undefined) {
          throw badUpstream(
            `The upstream ended the answer with '${event.rawReason ?? event.reason}'.`,
            "upstream_finish_reason",
          );
        }
        yield* open(event.candidate);
        yield frame(
          event.candidate,
          {},
          (toolCallCount.get(event.candidate) ?? 0) === 0
            ? reason
            : context.legacyFunctions === true
              ? "function_call"
              : "tool_calls",
        );
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
  try {
    for await (const event of events) for (const out of framesOf(event)) yield out;
  } catch (error) {
    yield data(errorToBody(error).toJSON());
    yield "data: [DONE]\n\n";
    return;
  }
  // With include_usage OpenAI always sends the usage chunk; zeros when the upstream told none.
  if (context.includeUsage) yield `${head}],"usage":${JSON.stringify(chatUsage(usage ?? NO_USAGE))}}\n\n`;
  yield "data: [DONE]\n\n";
}

const data = (payload: unknown): string => `data: ${JSON.stringify(payload)}\n\n`;
