/** OpenAI Chat Completions wire shapes, as agate sends them to and reads them from an OpenAI-compatible server. */

export type ChatContentPart =
  | { type: "text"; text: string }
  | { type: "image_url"; image_url: { url: string } }
  | { type: "input_audio"; input_audio: { data: string; format: string } }
  | { type: "file"; file: { file_data: string } };

export interface ChatToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

export type ChatMessage =
  | { role: "system"; content: string }
  | { role: "user"; content: string | ChatContentPart[] }
  | { role: "assistant"; content: string | null; tool_calls?: ChatToolCall[] }
  | { role: "tool"; tool_call_id: string; content: string };

export interface ChatRequestBody {
  model: string;
  messages: ChatMessage[];
  stream: boolean;
  stream_options?: { include_usage: boolean };
  tools?: {
    type: "function";
    function: { name: string; description?: string; parameters?: Record<string, unknown> };
  }[];
  tool_choice?:
    | "auto"
    | "none"
    | "required"
    | { type: "function"; function: { name: string } }
    | {
        type: "allowed_tools";
        allowed_tools: {
          mode: "auto" | "required";
          tools: { type: "function"; function: { name: string } }[];
        };
      };
  parallel_tool_calls?: boolean;
  temperature?: number;
  top_p?: number;
  /** The name the client used (GenerationSettings.maxTokensNamedMaxTokens); OpenAI's reasoning models refuse it. */
  max_tokens?: number;
  max_completion_tokens?: number;
  stop?: string[];
  seed?: number;
  presence_penalty?: number;
  frequency_penalty?: number;
  logit_bias?: Readonly<Record<string, number>>;
  n?: number;
  response_format?:
    | { type: "json_object" }
    | { type: "json_schema"; json_schema: { name: string; schema: Record<string, unknown> } };
  reasoning_effort?: string;
  logprobs?: boolean;
  top_logprobs?: number;
}

export interface ChatLogprobs {
  content?:
    | { token?: string; logprob?: number; top_logprobs?: { token?: string; logprob?: number }[] }[]
    | null;
}

export interface ChatUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number } | null;
  completion_tokens_details?: { reasoning_tokens?: number } | null;
}

/** A tool call as it arrives: whole in a JSON answer, in pieces (by `index`) in a stream. */
export interface ChatToolCallDelta {
  index?: number;
  id?: string;
  function?: { name?: string; arguments?: string };
}

export interface ChatMessageOut {
  role?: string;
  content?: string | null;
  reasoning_content?: string | null;
  reasoning?: string | null;
  tool_calls?: ChatToolCallDelta[] | null;
}

export interface ChatChoice {
  index?: number;
  message?: ChatMessageOut;
  delta?: ChatMessageOut;
  finish_reason?: string | null;
  logprobs?: ChatLogprobs | null;
}

/** A chat.completion body or one chat.completion.chunk. */
export interface ChatResponse {
  choices?: ChatChoice[];
  usage?: ChatUsage | null;
}

export interface ChatModelList {
  data?: { id?: string; owned_by?: unknown }[];
}
