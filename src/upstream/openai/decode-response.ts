import { attachLogprobs } from "../../hub/logprobs.js";
import { toolCallArguments } from "../../hub/tool-call-arguments.js";
import type { FinishReason, GenerateEvent, TokenLogprob, Usage } from "../../hub/types.js";
import type { ChatChoice, ChatLogprobs, ChatResponse, ChatToolCallDelta, ChatUsage } from "./wire-types.js";

interface PendingCall {
  id: string;
  name: string;
  arguments: string;
}

/**
 * OpenAI Chat Completions answers → hub events: a whole `chat.completion`, or each `chat.completion.chunk`
 * in turn. One decoder per call: tool calls that arrive in pieces are put together per choice and emitted
 * whole just before that choice's finish (or at `end` when the server never said finish).
 */
export class ChatResponseDecoder {
  private readonly calls = new Map<number, Map<number, PendingCall>>();
  private readonly finished = new Set<number>();

  constructor(private readonly newToolCallId: () => string) {}

  decode(response: ChatResponse): GenerateEvent[] {
    const events: GenerateEvent[] = [];
    for (const [position, choice] of (response.choices ?? []).entries()) {
      this.decodeChoice(choice.index ?? position, choice, events);
    }
    if (response.usage !== undefined && response.usage !== null) {
      events.push({ type: "usage", usage: convertChatUsage(response.usage) });
    }
    return events;
  }

  /** Whether every choice that started has finished. */
  get complete(): boolean {
    return this.finished.size > 0 && [...this.calls.keys()].every((choice) => this.finished.has(choice));
  }

  private decodeChoice(candidate: number, choice: ChatChoice, events: GenerateEvent[]): void {
    const message = choice.message ?? choice.delta ?? {};
    const from = events.length;
    if (!this.calls.has(candidate)) this.calls.set(candidate, new Map());
    const reasoning = message.reasoning_content ?? message.reasoning;
    if (typeof reasoning === "string" && reasoning !== "")
      events.push({ type: "reasoning-delta", candidate, text: reasoning });
    if (typeof message.content === "string" && message.content !== "") {
      events.push({ type: "text-delta", candidate, text: message.content });
    }
    for (const [position, call] of (message.tool_calls ?? []).entries())
      this.collect(candidate, position, call);
    attachLogprobs(events, from, candidate, convertLogprobs(choice.logprobs));
    if (typeof choice.finish_reason === "string" && choice.finish_reason !== "") {
      const calledFunction = this.flushCalls(candidate, events);
      this.finished.add(candidate);
      events.push({
        type: "finish",
        candidate,
        reason: mapChatFinishReason(choice.finish_reason, calledFunction),
        rawReason: choice.finish_reason,
      });
    }
  }

  private collect(candidate: number, position: number, delta: ChatToolCallDelta): void {
    const pending = this.calls.get(candidate) ?? new Map<number, PendingCall>();
    const index = delta.index ?? position;
    const call = pending.get(index) ?? { id: "", name: "", arguments: "" };
    if (delta.id !== undefined && delta.id !== "") call.id = delta.id;
    call.name += delta.function?.name ?? "";
    call.arguments += delta.function?.arguments ?? "";
    pending.set(index, call);
    this.calls.set(candidate, pending);
  }

  /** Emits the choice's collected tool calls, in index order; true when there was one. */
  flushCalls(candidate: number, events: GenerateEvent[]): boolean {
    const pending = this.calls.get(candidate);
    if (pending === undefined || pending.size === 0) return false;
    for (const [, call] of [...pending].sort(([a], [b]) => a - b)) {
      events.push({
        type: "tool-call",
        candidate,
        id: call.id === "" ? this.newToolCallId() : call.id,
        name: call.name,
        arguments: toolCallArguments(call.arguments),
      });
    }
    pending.clear();
    return true;
  }
}

export function mapChatFinishReason(reason: string, calledFunction: boolean): FinishReason {
  if (calledFunction || reason === "tool_calls" || reason === "function_call") return "tool-calls";
  switch (reason) {
    case "stop":
      return "stop";
    case "length":
      return "length";
    case "content_filter":
      return "content-filter";
    default:
      return "other";
  }
}

export function convertChatUsage(usage: ChatUsage): Usage {
  return {
    inputTokens: usage.prompt_tokens ?? 0,
    outputTokens: usage.completion_tokens ?? 0,
    reasoningTokens: usage.completion_tokens_details?.reasoning_tokens ?? 0,
    cachedTokens: usage.prompt_tokens_details?.cached_tokens ?? 0,
  };
}

function convertLogprobs(logprobs: ChatLogprobs | null | undefined): TokenLogprob[] {
  return (logprobs?.content ?? []).map((entry) => ({
    token: entry.token ?? "",
    logprob: entry.logprob ?? 0,
    top: (entry.top_logprobs ?? []).map((top) => ({ token: top.token ?? "", logprob: top.logprob ?? 0 })),
  }));
}
