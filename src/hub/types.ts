/**
 * The neutral model in the middle of agate (see shared/spec/architecture.md).
 * Client spokes decode into a GenerateRequest; upstream spokes yield GenerateEvents.
 * Plain data only: nothing here knows a wire format.
 */

export type Role = "user" | "assistant" | "tool";

export interface TextPart {
  type: "text";
  text: string;
  /**
   * The thought signature of the answer this text ends (Gemini 3 signs an answer without a function call on
   * its last part), to go back on it.
   */
  signature?: string;
  /**
   * Where agate's store keeps that signature when the client did not send it (the id of the Responses
   * message that carried the text): hub/thought-signatures.ts puts it in `signature` and drops the key.
   */
  signatureKey?: string;
}

/** Bytes inline (base64) or a remote URL; never a local path. */
export interface MediaPart {
  type: "media";
  mimeType: string;
  data?: string;
  url?: string;
}

export interface ToolCallPart {
  type: "tool-call";
  id: string;
  name: string;
  arguments: Record<string, unknown>;
  signature?: string;
}

export interface ToolResultPart {
  type: "tool-result";
  callId: string;
  name: string;
  content: unknown;
}

export interface ReasoningPart {
  type: "reasoning";
  text: string;
  signature?: string;
}

/** How one run of the model's code ended: it ran through, it raised, or it ran out of time. */
export type CodeOutcome = "ok" | "failed" | "timed-out";

/** What one run of the model's code printed (stdout; stderr or an explanation when it did not end well). */
export interface CodeResult {
  outcome: CodeOutcome;
  output: string;
}

/**
 * Code the model wrote and the upstream ran in its own sandbox (Gemini's code execution), with what each
 * run gave (none when the client did not keep them). Python: the only language Gemini runs. An assistant
 * part, between the model's texts, for a replayed conversation.
 */
export interface CodeExecutionPart {
  type: "code-execution";
  code: string;
  results: CodeResult[];
  /** The thought signature Gemini 3 put on the code, to go back on it. */
  signature?: string;
  /**
   * Where agate's store keeps that signature when the client did not send it (the id of the Responses
   * code_interpreter_call that carried the code): hub/thought-signatures.ts puts it in `signature` and drops
   * the key.
   */
  signatureKey?: string;
}

export type Part = TextPart | MediaPart | ToolCallPart | ToolResultPart | ReasoningPart | CodeExecutionPart;

export interface Turn {
  role: Role;
  parts: Part[];
}

export interface ToolDeclaration {
  name: string;
  description?: string;
  /** JSON Schema as the client sent it; upstream spokes convert it. */
  parameters?: Record<string, unknown>;
}

export type ToolChoice =
  | { type: "auto" }
  | { type: "none" }
  | { type: "required" }
  | { type: "named"; name: string }
  /** The model may call only these functions (OpenAI's allowed_tools): when it likes, or one of them surely. */
  | { type: "allowed"; mode: "auto" | "required"; names: readonly string[] };

export type ReasoningEffort = "minimal" | "low" | "medium" | "high";

export type ResponseFormat =
  | { type: "text" }
  | { type: "json" }
  | { type: "json-schema"; name?: string; schema: Record<string, unknown> };

export interface GenerationSettings {
  maxOutputTokens?: number;
  /**
   * The client named the limit `max_tokens` (Chat Completions' older name, legacy Completions' only one). An
   * OpenAI-compatible upstream gets it under that name then, the one every such server knows; otherwise under
   * `max_completion_tokens`, the one OpenAI's reasoning models require (they refuse `max_tokens`).
   */
  maxTokensNamedMaxTokens?: boolean;
  temperature?: number;
  topP?: number;
  stop?: string[];
  seed?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  candidateCount?: number;
  responseFormat?: ResponseFormat;
  reasoningEffort?: ReasoningEffort;
  /** Return the log probability of each output token, and this many alternatives per token. */
  logprobs?: boolean;
  topLogprobs?: number;
  /**
   * Whether the client wants the model's thoughts as text (chat's reasoning_content, a Responses reasoning
   * summary): true asks for them even without a reasoning effort; false asks for none and shows none, even
   * where the model thinks anyway; unset, an effort asks for them and what the upstream gives is shown.
   */
  includeReasoning?: boolean;
  /** Token ids → logit biases (OpenAI's logit_bias), for an upstream that has them; never empty. */
  logitBias?: Readonly<Record<string, number>>;
}

export interface GenerateRequest {
  /** The model name the client asked for. */
  requestedModel: string;
  /** The upstream model after routing. */
  model: string;
  system?: string;
  turns: Turn[];
  tools?: ToolDeclaration[];
  toolChoice?: ToolChoice;
  /**
   * false: at most one tool call per answer (OpenAI's `parallel_tool_calls: false`). An upstream that cannot be
   * told so has each candidate's later calls dropped on the way to the client (hub/single-tool-call.ts).
   */
  parallelToolCalls?: boolean;
  settings: GenerationSettings;
  stream: boolean;
  /** A key that keeps a conversation on one account (prompt_cache_key, user, x-session-id...). */
  sessionKey?: string;
  /** Let the model search the web (Gemini grounding with Google Search). */
  grounding?: boolean;
  /**
   * The client's param that asked for the search, for a 400 that refuses it: a tool (`tools`, the default),
   * chat's `web_search_options`, or the `model`, an OpenAI search model's name.
   */
  searchParam?: "tools" | "web_search_options" | "model";
  /** Let the model write Python and run it in the upstream's sandbox (Gemini's code execution). */
  codeExecution?: boolean;
}

export type FinishReason = "stop" | "length" | "tool-calls" | "content-filter" | "error" | "other";

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  cachedTokens: number;
}

export interface TokenLogprob {
  token: string;
  logprob: number;
  top: { token: string; logprob: number }[];
}

/**
 * A passage of a candidate's answer that a web page supports (from a grounded, web-searching answer).
 * `start`/`end` count UTF-16 code units (JavaScript string indices: what `text.slice(start, end)` takes in the
 * JavaScript clients agate serves) into the candidate's text as its text-deltas spelled it, end exclusive.
 */
export interface Citation {
  start: number;
  end: number;
  url: string;
  title: string;
}

export type GenerateEvent =
  /** `logprobs`: the log probabilities of this text's tokens, where asked for (hub/logprobs.ts). */
  | { type: "text-delta"; candidate: number; text: string; logprobs?: TokenLogprob[] }
  | { type: "reasoning-delta"; candidate: number; text: string; signature?: string }
  /**
   * The thought signature of a candidate's answer text, after that text (Gemini 3 signs an answer without a
   * function call on its last part, streamed on an empty text part at the end). It goes back on the text in
   * later turns; a protocol with no place for it drops it.
   */
  | { type: "text-signature"; candidate: number; signature: string }
  | {
      type: "tool-call";
      candidate: number;
      id: string;
      name: string;
      arguments: Record<string, unknown>;
      signature?: string;
    }
  | { type: "logprobs"; candidate: number; tokens: TokenLogprob[] }
  /**
   * What a candidate's web search found and what its text cites, once its text is written (before its finish):
   * the queries the model searched for, the URL of every page the search found (cited or not, each once) and
   * the passages the pages support, in text order.
   */
  | { type: "citations"; candidate: number; queries: string[]; sources: string[]; citations: Citation[] }
  /**
   * Code the model wrote, which the upstream runs itself (no client round trip): its results follow as
   * code-execution-result events (one per run, usually one), then the answer goes on. Gemini 3 signs it: the
   * signature goes back on the code in later turns.
   */
  | { type: "code-execution"; candidate: number; code: string; signature?: string }
  | ({ type: "code-execution-result"; candidate: number } & CodeResult)
  | { type: "finish"; candidate: number; reason: FinishReason; rawReason?: string }
  | { type: "usage"; usage: Usage }
  | { type: "error"; error: Error };
