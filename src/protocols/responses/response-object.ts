import type { Usage } from "../../hub/types.js";
import type { OutputItem } from "./output-types.js";
import type { ResponsesRequest } from "./request-schema.js";

export type ResponseStatus = "in_progress" | "completed" | "incomplete" | "failed";

export interface ResponseState {
  id: string;
  createdAt: number;
  status: ResponseStatus;
  completedAt?: number;
  output: OutputItem[];
  usage?: Usage;
  error?: { code: string; message: string };
  incompleteReason?: "max_output_tokens" | "content_filter";
}

/**
 * The full Response object: every field of the official schema, null where unknown, the request's
 * settings echoed. `model` is the name the client asked for.
 */
export function responseObject(state: ResponseState, request: ResponsesRequest): Record<string, unknown> {
  return {
    id: state.id,
    object: "response",
    created_at: state.createdAt,
    status: state.status,
    background: false,
    completed_at: state.completedAt ?? null,
    conversation: null,
    error: state.error ?? null,
    incomplete_details: state.incompleteReason === undefined ? null : { reason: state.incompleteReason },
    instructions: request.instructions ?? null,
    max_output_tokens: request.max_output_tokens ?? null,
    max_tool_calls: request.max_tool_calls ?? null,
    metadata: request.metadata ?? {},
    model: request.model,
    output: state.output,
    parallel_tool_calls: request.parallel_tool_calls ?? true,
    previous_response_id: request.previous_response_id ?? null,
    prompt: null,
    prompt_cache_key: request.prompt_cache_key ?? null,
    reasoning: { effort: request.reasoning?.effort ?? null, summary: request.reasoning?.summary ?? null },
    safety_identifier: request.safety_identifier ?? null,
    service_tier: request.service_tier ?? "default",
    store: request.store ?? true,
    temperature: request.temperature ?? 1,
    text: {
      format: request.text?.format ?? { type: "text" },
      verbosity: request.text?.verbosity ?? "medium",
    },
    tool_choice: request.tool_choice ?? "auto",
    tools: (request.tools ?? []).map((tool) => (tool.type === "function" ? { strict: true, ...tool } : tool)),
    top_logprobs: request.top_logprobs ?? 0,
    top_p: request.top_p ?? 1,
    truncation: request.truncation ?? "disabled",
    usage: state.usage === undefined ? null : responseUsage(state.usage),
    user: request.user ?? null,
  };
}

export function responseUsage(usage: Usage) {
  return {
    input_tokens: usage.inputTokens,
    input_tokens_details: { cached_tokens: usage.cachedTokens },
    output_tokens: usage.outputTokens,
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens },
    total_tokens: usage.inputTokens + usage.outputTokens,
  };
}

/** Where the answer ended → the Response's status (and why, when not completed). */
export function terminalState(
  finish: { reason: string; raw?: string } | undefined,
): Pick<ResponseState, "status" | "incompleteReason" | "error"> {
  switch (finish?.reason) {
    case undefined:
    case "stop":
    case "tool-calls":
      return { status: "completed" };
    case "length":
      return { status: "incomplete", incompleteReason: "max_output_tokens" };
    case "content-filter":
      return { status: "incomplete", incompleteReason: "content_filter" };
    default:
      return {
        status: "failed",
        error: {
          code: "server_error",
          message: `The upstream ended the answer with '${finish?.raw ?? finish?.reason}'.`,
        },
      };
  }
}
