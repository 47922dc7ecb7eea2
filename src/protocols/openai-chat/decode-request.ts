import { invalidRequest } from "../../errors.js";
import type { GenerateRequest, GenerationSettings, ResponseFormat } from "../../hub/types.js";
import { alwaysSearches } from "../../routing/search-models.js";
import { emptyPromptTurn } from "../empty-prompt.js";
import { logitBiasOf } from "../logit-bias.js";
import { reasoningSettingsOf } from "../reasoning-effort.js";
import { stopSequences } from "../stop-sequences.js";
import { unhonouredSearchOptions } from "../web-search-options.js";
import { zodErrorToRequestError } from "../zod-issues.js";
import { decodeMessages } from "./decode-messages.js";
import { decodeTools } from "./decode-tools.js";
import { type ChatRequest, chatRequestSchema } from "./request-schema.js";
import { simpleChatRequest } from "./simple-request.js";

export interface DecodeContext {
  /** x-session-id header, when the client sent one. */
  sessionHeader?: string;
  /** Told what of the request cannot be honoured but is let go (the route logs it once). */
  warn?: (message: string) => void;
}

/** A Chat Completions body → GenerateRequest (model still the client's name: routing sets `model`). */
export function decodeChatRequest(body: unknown, context: DecodeContext = {}): GenerateRequest {
  const chat = simpleChatRequest(body) ?? parseChatRequest(body);
  const audio = chat.modalities?.find((modality) => modality !== "text");
  if (audio !== undefined) {
    // An answer in audio would change what the client gets; Gemini's text generation cannot give it.
    throw invalidRequest(
      `agate answers in text only: 'modalities' may not ask for '${audio}'. Leave it out or send ["text"].`,
      "modalities",
    );
  }
  const { system, turns } = decodeMessages(chat.messages);
  // Instructions alone are answered (as OpenAI does); the upstream spoke sends them as it can. So are
  // messages with no content at all (the schema wants one message): an empty prompt.
  if (turns.length === 0 && (system ?? "") === "") turns.push(emptyPromptTurn());
  const request: GenerateRequest = {
    requestedModel: chat.model,
    model: chat.model,
    turns,
    settings: decodeSettings(chat),
    stream: chat.stream === true,
  };
  const tools = decodeTools(chat);
  if (tools.tools !== undefined) request.tools = tools.tools;
  if (tools.toolChoice !== undefined) request.toolChoice = tools.toolChoice;
  if (chat.web_search_options != null) {
    // A search that cannot run would change the answer (contract §5): Gemini is not sent a search beside
    // function tools (contract §9 drops it in Responses, where Codex sends both on every request).
    if (request.tools !== undefined) {
      throw invalidRequest(
        "'web_search_options' cannot go with 'tools': agate does not send Gemini a web search beside function tools. Send one or the other.",
        "web_search_options",
      );
    }
    request.grounding = true;
    request.searchParam = "web_search_options";
    const options = chat.web_search_options;
    const unhonoured = unhonouredSearchOptions({
      "web_search_options.user_location": options.user_location,
      "web_search_options.search_context_size": options.search_context_size,
    });
    if (unhonoured !== undefined) context.warn?.(unhonoured);
  } else if (alwaysSearches(chat.model) && request.tools === undefined) {
    request.grounding = true;
    request.searchParam = "model";
  }
  if (system !== undefined) request.system = system;
  if (chat.parallel_tool_calls === false || tools.legacyFunctions === true) request.parallelToolCalls = false;
  const sessionKey = chat.prompt_cache_key ?? context.sessionHeader ?? chat.user ?? undefined;
  if (sessionKey !== undefined && sessionKey !== null && sessionKey !== "") request.sessionKey = sessionKey;
  return request;
}

function parseChatRequest(body: unknown): ChatRequest {
  const parsed = chatRequestSchema.safeParse(body);
  if (!parsed.success) throw zodErrorToRequestError(parsed.error);
  return parsed.data;
}

function decodeSettings(chat: ChatRequest): GenerationSettings {
  const settings: GenerationSettings = {};
  const maxTokens = chat.max_completion_tokens ?? chat.max_tokens;
  if (maxTokens != null) settings.maxOutputTokens = maxTokens;
  if (chat.max_completion_tokens == null && chat.max_tokens != null) settings.maxTokensNamedMaxTokens = true;
  if (chat.temperature != null) settings.temperature = chat.temperature;
  if (chat.top_p != null) settings.topP = chat.top_p;
  if (chat.stop != null) settings.stop = stopSequences(chat.stop);
  const logitBias = logitBiasOf(chat.logit_bias);
  if (logitBias !== undefined) settings.logitBias = logitBias;
  if (chat.seed != null) settings.seed = chat.seed;
  if (chat.presence_penalty != null) settings.presencePenalty = chat.presence_penalty;
  if (chat.frequency_penalty != null) settings.frequencyPenalty = chat.frequency_penalty;
  if (chat.n != null && chat.n > 1) settings.candidateCount = chat.n;
  if (chat.reasoning_effort != null) Object.assign(settings, reasoningSettingsOf(chat.reasoning_effort));
  if (chat.logprobs === true) {
    settings.logprobs = true;
    if (chat.top_logprobs != null) settings.topLogprobs = chat.top_logprobs;
  } else if (chat.top_logprobs != null && chat.top_logprobs > 0) {
    throw invalidRequest("'top_logprobs' needs 'logprobs: true'.", "top_logprobs");
  }
  const format = decodeResponseFormat(chat.response_format);
  if (format !== undefined) settings.responseFormat = format;
  return settings;
}

function decodeResponseFormat(format: ChatRequest["response_format"]): ResponseFormat | undefined {
  if (format == null || format.type === "text") return undefined;
  if (format.type === "json_object") return { type: "json" };
  return { type: "json-schema", name: format.json_schema.name, schema: format.json_schema.schema ?? {} };
}
