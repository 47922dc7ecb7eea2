import { baseToolCallId } from "../../hub/tool-call-id.js";
import type {
  GenerateRequest,
  GenerationSettings,
  MediaPart,
  Part,
  ToolChoice,
  Turn,
} from "../../hub/types.js";
import type { ChatContentPart, ChatMessage, ChatRequestBody } from "./wire-types.js";

/**
 * GenerateRequest → an OpenAI Chat Completions request. Pure. Reasoning parts and the code Gemini ran in
 * earlier turns are dropped (Chat Completions has no way to send them back); so are Gemini-only settings
 * (thoughts; code execution never comes here, nor a search but to an OpenAI search model, which searches
 * anyway: refused-tools.ts), and what a tool-call id may carry for Gemini, its own call id and the thought
 * signature (hub/tool-call-id.ts): they are Gemini's alone, and OpenAI refuses ids past 40 characters.
 */
export function encodeChatRequest(request: GenerateRequest): ChatRequestBody {
  const messages: ChatMessage[] = [];
  if (request.system !== undefined && request.system !== "")
    messages.push({ role: "system", content: request.system });
  for (const turn of toolTurnsJoined(request.turns)) messages.push(...encodeTurn(turn));
  const body: ChatRequestBody = { model: request.model, messages, stream: request.stream };
  if (request.stream) body.stream_options = { include_usage: true };
  if (request.tools !== undefined && request.tools.length > 0) {
    body.tools = request.tools.map((tool) => ({
      type: "function",
      function: {
        name: tool.name,
        ...(tool.description === undefined ? {} : { description: tool.description }),
        ...(tool.parameters === undefined ? {} : { parameters: tool.parameters }),
      },
    }));
  }
  if (request.toolChoice !== undefined) body.tool_choice = encodeToolChoice(request.toolChoice);
  if (request.parallelToolCalls === false) body.parallel_tool_calls = false;
  Object.assign(body, encodeSettings(request.settings));
  return body;
}

/**
 * Consecutive tool turns (the results of parallel calls, one turn each) as one: their tool messages then go
 * first, together, and the images they came with after them in one user message. OpenAI wants every tool
 * message right after the calls: a user message between two of them is a 400.
 */
function toolTurnsJoined(turns: readonly Turn[]): Turn[] {
  const joined: Turn[] = [];
  for (const turn of turns) {
    const previous = joined.at(-1);
    if (turn.role === "tool" && previous?.role === "tool") {
      joined[joined.length - 1] = { role: "tool", parts: [...previous.parts, ...turn.parts] };
    } else joined.push(turn);
  }
  return joined;
}

function encodeTurn(turn: Turn): ChatMessage[] {
  if (turn.role === "assistant") return [encodeAssistant(turn.parts)];
  const messages: ChatMessage[] = [];
  const content: ChatContentPart[] = [];
  for (const part of turn.parts) {
    if (part.type === "tool-result") {
      messages.push({
        role: "tool",
        tool_call_id: baseToolCallId(part.callId),
        content: resultText(part.content),
      });
    } else if (part.type === "text") {
      content.push({ type: "text", text: part.text });
    } else if (part.type === "media") {
      content.push(encodeMedia(part));
    }
  }
  if (content.length > 0) messages.push({ role: "user", content: simplify(content) });
  return messages;
}

function encodeAssistant(parts: readonly Part[]): ChatMessage {
  const text = parts.flatMap((part) => (part.type === "text" ? [part.text] : [])).join("");
  const calls = parts.flatMap((part) =>
    part.type === "tool-call"
      ? [
          {
            id: baseToolCallId(part.id),
            type: "function" as const,
            function: { name: part.name, arguments: JSON.stringify(part.arguments) },
          },
        ]
      : [],
  );
  return calls.length > 0
    ? { role: "assistant", content: text === "" ? null : text, tool_calls: calls }
    : { role: "assistant", content: text };
}

function encodeMedia(part: MediaPart): ChatContentPart {
  const dataUrl = part.data === undefined ? undefined : `data:${part.mimeType};base64,${part.data}`;
  if (part.mimeType.startsWith("image/"))
    return { type: "image_url", image_url: { url: dataUrl ?? part.url ?? "" } };
  if (part.data !== undefined && part.mimeType.startsWith("audio/")) {
    return {
      type: "input_audio",
      input_audio: { data: part.data, format: part.mimeType.slice("audio/".length) },
    };
  }
  if (dataUrl !== undefined) return { type: "file", file: { file_data: dataUrl } };
  return { type: "text", text: part.url ?? "" };
}

/** Plain text stays a string, which every OpenAI-compatible server reads. */
function simplify(content: ChatContentPart[]): string | ChatContentPart[] {
  return content.every((part) => part.type === "text")
    ? content.map((part) => part.text).join("\n")
    : content;
}

function resultText(content: unknown): string {
  return typeof content === "string" ? content : JSON.stringify(content);
}

function encodeToolChoice(choice: ToolChoice): NonNullable<ChatRequestBody["tool_choice"]> {
  switch (choice.type) {
    case "named":
      return { type: "function", function: { name: choice.name } };
    case "allowed": {
      const tools = choice.names.map((name) => ({ type: "function" as const, function: { name } }));
      return { type: "allowed_tools", allowed_tools: { mode: choice.mode, tools } };
    }
    default:
      return choice.type;
  }
}

function encodeSettings(settings: GenerationSettings): Partial<ChatRequestBody> {
  const body: Partial<ChatRequestBody> = {};
  if (settings.temperature !== undefined) body.temperature = settings.temperature;
  if (settings.topP !== undefined) body.top_p = settings.topP;
  if (settings.maxOutputTokens !== undefined) {
    if (settings.maxTokensNamedMaxTokens === true) body.max_tokens = settings.maxOutputTokens;
    else body.max_completion_tokens = settings.maxOutputTokens;
  }
  if (settings.stop !== undefined && settings.stop.length > 0) body.stop = settings.stop;
  if (settings.seed !== undefined) body.seed = settings.seed;
  if (settings.presencePenalty !== undefined) body.presence_penalty = settings.presencePenalty;
  if (settings.frequencyPenalty !== undefined) body.frequency_penalty = settings.frequencyPenalty;
  if (settings.logitBias !== undefined) body.logit_bias = settings.logitBias;
  if (settings.candidateCount !== undefined) body.n = settings.candidateCount;
  if (settings.reasoningEffort !== undefined) body.reasoning_effort = settings.reasoningEffort;
  if (settings.logprobs === true) body.logprobs = true;
  if (settings.topLogprobs !== undefined) body.top_logprobs = settings.topLogprobs;
  const format = settings.responseFormat;
  if (format?.type === "json") body.response_format = { type: "json_object" };
  if (format?.type === "json-schema") {
    body.response_format = {
      type: "json_schema",
      json_schema: { name: format.name ?? "response", schema: format.schema },
    };
  }
  return body;
}
