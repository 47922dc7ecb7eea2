import { invalidRequest } from "../../errors.js";
import type { GenerateRequest, GenerationSettings, Part, ResponseFormat, Turn } from "../../hub/types.js";
import { zodErrorToRequestError } from "../zod-issues.js";
import { type ChatMessage, type ChatRequest, chatRequestSchema } from "./request-schema.js";

export interface DecodeContext {
  /** x-session-id header, when the client sent one. */
  sessionHeader?: string;
}

/** A Chat Completions body → GenerateRequest (model still the client's name: routing sets `model`). */
export function decodeChatRequest(body: unknown, context: DecodeContext = {}): GenerateRequest {
  const parsed = chatRequestSchema.safeParse(body);
  if (!parsed.success) throw zodErrorToRequestError(parsed.error);
  const chat = parsed.data;
  const system: string[] = [];
  const turns: Turn[] = [];
  for (const [index, message] of chat.messages.entries()) {
    if (message.role === "system" || message.role === "developer") {
      system.push(instructionText(message.content));
      continue;
    }
    const parts = messageParts(message.content, index);
    if (parts.length === 0) continue;
    turns.push({ role: message.role === "assistant" ? "assistant" : "user", parts });
  }
  if (turns.length === 0) {
    throw invalidRequest(
      "'messages' must hold at least one user or assistant message with content.",
      "messages",
    );
  }
  const request: GenerateRequest = {
    requestedModel: chat.model,
    model: chat.model,
    turns,
    settings: decodeSettings(chat),
    stream: chat.stream === true,
  };
  if (system.length > 0) request.system = system.join("\n\n");
  const sessionKey = chat.prompt_cache_key ?? context.sessionHeader ?? chat.user ?? undefined;
  if (sessionKey !== undefined && sessionKey !== null && sessionKey !== "") request.sessionKey = sessionKey;
  return request;
}

function instructionText(content: string | { text: string }[]): string {
  return typeof content === "string" ? content : content.map((part) => part.text).join("\n");
}

function messageParts(content: ChatMessage["content"], index: number): Part[] {
  if (content === undefined || content === null) return [];
  if (typeof content === "string") return content === "" ? [] : [{ type: "text", text: content }];
  return content.map((part, partIndex): Part => {
    if (part.type === "text") return { type: "text", text: part.text };
    return imagePart(part.image_url.url, `messages[${index}].content[${partIndex}].image_url.url`);
  });
}

const DATA_URL = /^data:([\w.+-]+\/[\w.+-]+)(?:;[\w-]+=[^;,]*)*;base64,([A-Za-z0-9+/=\s]*)$/;
const IMAGE_EXTENSIONS: Readonly<Record<string, string>> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  heic: "image/heic",
};

/** data: URLs become inline bytes; http(s) URLs are passed by reference; nothing else (never a local file). */
function imagePart(url: string, param: string): Part {
  const data = DATA_URL.exec(url);
  if (data !== null)
    return { type: "media", mimeType: data[1] ?? "application/octet-stream", data: data[2] ?? "" };
  if (/^https?:\/\//i.test(url)) {
    const extension = /\.(\w+)(?:[?#]|$)/.exec(url)?.[1]?.toLowerCase() ?? "";
    return { type: "media", mimeType: IMAGE_EXTENSIONS[extension] ?? "image/jpeg", url };
  }
  throw invalidRequest(
    `'${param}' must be a base64 data: URL or an http(s) URL.`,
    param,
    "invalid_image_url",
  );
}

function decodeSettings(chat: ChatRequest): GenerationSettings {
  const settings: GenerationSettings = {};
  const maxTokens = chat.max_completion_tokens ?? chat.max_tokens;
  if (maxTokens != null) settings.maxOutputTokens = maxTokens;
  if (chat.temperature != null) settings.temperature = chat.temperature;
  if (chat.top_p != null) settings.topP = chat.top_p;
  if (chat.stop != null) settings.stop = typeof chat.stop === "string" ? [chat.stop] : chat.stop;
  if (chat.seed != null) settings.seed = chat.seed;
  if (chat.presence_penalty != null) settings.presencePenalty = chat.presence_penalty;
  if (chat.frequency_penalty != null) settings.frequencyPenalty = chat.frequency_penalty;
  if (chat.n != null && chat.n > 1) settings.candidateCount = chat.n;
  if (chat.reasoning_effort != null) settings.reasoningEffort = chat.reasoning_effort;
  const format = decodeResponseFormat(chat.response_format);
  if (format !== undefined) settings.responseFormat = format;
  return settings;
}

function decodeResponseFormat(format: ChatRequest["response_format"]): ResponseFormat | undefined {
  if (format == null || format.type === "text") return undefined;
  if (format.type === "json_object") return { type: "json" };
  return { type: "json-schema", name: format.json_schema.name, schema: format.json_schema.schema ?? {} };
}
