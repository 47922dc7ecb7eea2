import type { GenerateRequest, GenerationSettings, Part, Turn } from "../../hub/types.js";
import type { GeminiContent, GeminiGenerationConfig, GeminiPart, GeminiRequest } from "./wire-types.js";

/** GenerateRequest → Gemini GenerateContentRequest. Pure. */
export function encodeGeminiRequest(request: GenerateRequest): GeminiRequest {
  const body: GeminiRequest = { contents: encodeTurns(request.turns) };
  if (request.system !== undefined && request.system !== "") {
    body.systemInstruction = { parts: [{ text: request.system }] };
  }
  const generationConfig = encodeSettings(request.settings);
  if (Object.keys(generationConfig).length > 0) body.generationConfig = generationConfig;
  return body;
}

function encodeTurns(turns: readonly Turn[]): GeminiContent[] {
  const contents: GeminiContent[] = [];
  for (const turn of turns) {
    const role = turn.role === "assistant" ? "model" : "user";
    const parts = turn.parts.map(encodePart);
    const previous = contents.at(-1);
    if (previous !== undefined && previous.role === role) previous.parts.push(...parts);
    else contents.push({ role, parts });
  }
  return contents;
}

function encodePart(part: Part): GeminiPart {
  switch (part.type) {
    case "text":
      return { text: part.text };
    case "media":
      return part.data !== undefined
        ? { inlineData: { mimeType: part.mimeType, data: part.data } }
        : { fileData: { mimeType: part.mimeType, fileUri: part.url ?? "" } };
    case "reasoning":
      return part.signature === undefined
        ? { text: part.text, thought: true }
        : { text: part.text, thought: true, thoughtSignature: part.signature };
    case "tool-call": {
      const encoded: GeminiPart = { functionCall: { name: part.name, args: part.arguments } };
      if (part.signature !== undefined) encoded.thoughtSignature = part.signature;
      return encoded;
    }
    case "tool-result":
      return {
        functionResponse: {
          name: part.name,
          response:
            typeof part.content === "object" && part.content !== null && !Array.isArray(part.content)
              ? (part.content as Record<string, unknown>)
              : { result: part.content },
        },
      };
  }
}

function encodeSettings(settings: GenerationSettings): GeminiGenerationConfig {
  const config: GeminiGenerationConfig = {};
  if (settings.temperature !== undefined) config.temperature = settings.temperature;
  if (settings.topP !== undefined) config.topP = settings.topP;
  if (settings.maxOutputTokens !== undefined) config.maxOutputTokens = settings.maxOutputTokens;
  if (settings.stop !== undefined && settings.stop.length > 0) config.stopSequences = settings.stop;
  if (settings.seed !== undefined) config.seed = settings.seed;
  if (settings.presencePenalty !== undefined) config.presencePenalty = settings.presencePenalty;
  if (settings.frequencyPenalty !== undefined) config.frequencyPenalty = settings.frequencyPenalty;
  if (settings.candidateCount !== undefined) config.candidateCount = settings.candidateCount;
  if (settings.responseFormat?.type === "json") config.responseMimeType = "application/json";
  if (settings.responseFormat?.type === "json-schema") {
    config.responseMimeType = "application/json";
    config.responseJsonSchema = settings.responseFormat.schema;
  }
  return config;
}
