import { upstreamCallIdFromId } from "../../hub/tool-call-id.js";
import type { CodeExecutionPart, GenerateRequest, Part, ResponseFormat, Turn } from "../../hub/types.js";
import { RepeatedTexts } from "../../repeated-lists.js";
import { geminiOutcomeOf } from "./code-outcomes.js";
import { encodeSettings } from "./encode-settings.js";
import { type ConvertedToolLists, encodeToolChoice, encodeTools } from "./encode-tools.js";
import { isGemini3 } from "./model-families.js";
import { parallelCallsInOneStep } from "./parallel-calls-in-one-step.js";
import { resultsInCallOrder } from "./results-in-call-order.js";
import { unsignedFirstCalls } from "./sentinel-calls.js";
import type { GeminiContent, GeminiPart, GeminiRequest } from "./wire-types.js";

/** Gemini's documented stand-in when a function call's thought signature cannot be recovered. */
export const SKIP_SIGNATURE_SENTINEL = "skip_thought_signature_validator";

/**
 * GenerateRequest → Gemini GenerateContentRequest. Pure; with `toolLists`, a tool list converted before is
 * taken from it rather than converted again.
 */
export function encodeGeminiRequest(request: GenerateRequest, toolLists?: ConvertedToolLists): GeminiRequest {
  const gemini3 = isGemini3(request.model);
  const body: GeminiRequest = { contents: encodeTurns(request.turns, gemini3) };
  const tools = toolLists === undefined ? encodeTools(request.tools) : toolLists.of(request.tools);
  if (tools !== undefined) body.tools = tools;
  if (request.grounding === true) body.tools = [...(body.tools ?? []), { googleSearch: {} }];
  if (request.codeExecution === true) body.tools = [...(body.tools ?? []), { codeExecution: {} }];
  // Never beside function declarations: the Responses tool decoder drops the search and the code interpreter
  // there (protocols/responses/decode-tools.ts); chat refuses a search beside tools.
  const toolConfig = encodeToolChoice(request.toolChoice);
  if (toolConfig !== undefined) body.toolConfig = toolConfig;
  const generationConfig = encodeSettings(request.settings, request.model);
  let system = request.system ?? "";
  if (body.tools !== undefined && generationConfig.responseMimeType !== undefined && !gemini3) {
    // Gemini 2.x refuses a JSON response beside tools ("Function calling with a response mime type:
    // 'application/json' is unsupported"), where OpenAI takes both (an agent with tools and an output type):
    // the model is told the format instead, and the tools stay.
    delete generationConfig.responseMimeType;
    delete generationConfig.responseSchema;
    system = withFormatNote(system, request.settings.responseFormat);
  }
  if (system !== "" && body.contents.length === 0) {
    // Only instructions (a chat of system messages): Gemini wants at least one content and answers an
    // instruction sent as the user's turn as OpenAI answers a lone system message.
    body.contents.push({ role: "user", parts: [{ text: system }] });
  } else if (system !== "") body.systemInstruction = { parts: [{ text: system }] };
  if (Object.keys(generationConfig).length > 0) body.generationConfig = generationConfig;
  return body;
}

/** The system instruction with what the answer's format must be, for a model that cannot be held to it. */
function withFormatNote(system: string, format: ResponseFormat | undefined): string {
  const note =
    format?.type === "json-schema"
      ? `When you answer without calling a function, answer with one JSON value matching this JSON Schema, and nothing else (no prose, no code fence):\n${JSON.stringify(format.schema)}`
      : "When you answer without calling a function, answer with one JSON object and nothing else (no prose, no code fence).";
  return system === "" ? note : `${system}\n\n${note}`;
}

/**
 * A Gemini request's JSON. What a coding agent sends alike every turn goes in as JSON made before, first and
 * the rest after: its tools when they are a list `toolLists` kept (20 tools took ≈ 37 µs to serialise), and
 * a long system instruction (10 KB took ≈ 16 µs).
 */
export function geminiRequestJson(body: GeminiRequest, toolLists?: ConvertedToolLists): string {
  const toolsJson = toolLists?.jsonOf(body.tools);
  const system = body.systemInstruction?.parts;
  const systemText = system?.length === 1 ? system[0]?.text : undefined;
  const longSystem = systemText !== undefined && RepeatedTexts.keeps(systemText);
  if (toolsJson === undefined && !longSystem) return JSON.stringify(body);
  const spliced: string[] = [];
  let rest: Partial<GeminiRequest> = body;
  if (toolsJson !== undefined) {
    const { tools: _spliced, ...others } = rest;
    rest = others;
    spliced.push(`"tools":${toolsJson}`);
  }
  if (longSystem) {
    const { systemInstruction: _spliced, ...others } = rest;
    rest = others;
    spliced.push(`"systemInstruction":{"parts":[{"text":${systemTexts.json(systemText)}}]}`);
  }
  // `contents` is always there, so the rest's JSON is never `{}`.
  return `{${spliced.join(",")},${JSON.stringify(rest).slice(1)}`;
}

/** The long system instructions sent lately, with their JSON (the same text always has the same JSON). */
const systemTexts = new RepeatedTexts();

function encodeTurns(turns: readonly Turn[], needsSignatures: boolean): GeminiContent[] {
  const contents: GeminiContent[] = [];
  // Steps matter where Gemini checks a signature on each step's first call: one without gets the sentinel.
  const steps = needsSignatures ? parallelCallsInOneStep(turns) : turns;
  const unsigned = needsSignatures ? unsignedFirstCalls(steps) : undefined;
  const geminiIds = new Map<string, string>();
  for (const turn of resultsInCallOrder(steps)) {
    const role = turn.role === "assistant" ? "model" : "user";
    const parts: GeminiPart[] = [];
    for (const part of turn.parts) {
      if (part.type === "code-execution") {
        pushCodeExecution(parts, part, needsSignatures);
        continue;
      }
      const encoded = encodePart(part, geminiIds);
      if (unsigned?.has(part) === true) encoded.thoughtSignature = SKIP_SIGNATURE_SENTINEL;
      parts.push(encoded);
    }
    const previous = contents.at(-1);
    if (previous !== undefined && previous.role === role) previous.parts.push(...parts);
    else contents.push({ role, parts });
  }
  for (const content of contents) if (content.role === "user") responsesFirst(content.parts);
  if (opensWithCall(contents)) contents.unshift({ role: "user", parts: [{ text: PRUNED_HISTORY_NOTE }] });
  return contents;
}

/**
 * The user turn put before a history that opens with the model's function call: Gemini refuses a call that
 * does not follow a user turn, and a client that pruned the oldest messages to fit its context sends such a
 * history (OpenAI answers it).
 */
export const PRUNED_HISTORY_NOTE = "(The earlier messages of this conversation were left out.)";

const opensWithCall = (contents: readonly GeminiContent[]): boolean =>
  contents[0]?.role === "model" && contents[0].parts.some((part) => part.functionCall !== undefined);

/**
 * A turn's function responses first, in their order, then its other parts (the images a tool returned
 * with its result): Gemini matches the responses to the calls before them, and parallel results that came
 * with images would otherwise have them in between.
 */
function responsesFirst(parts: GeminiPart[]): void {
  const first = parts.findIndex((part) => part.functionResponse === undefined);
  if (first === -1) return;
  let responseAfter = false;
  for (let index = first + 1; index < parts.length && !responseAfter; index++)
    responseAfter = parts[index]?.functionResponse !== undefined;
  if (!responseAfter) return;
  const ordered = [
    ...parts.filter((part) => part.functionResponse !== undefined),
    ...parts.filter((part) => part.functionResponse === undefined),
  ];
  parts.splice(0, parts.length, ...ordered);
}

/**
 * One part. `geminiIds` holds, by the client's tool-call id, the id Gemini gave each call so far that carries
 * one (hub/tool-call-id.ts): the call goes back with it, and so does the response that answers it. An id the
 * client or another provider made carries none, so none is sent: Gemini could refuse it or pair it wrongly.
 */
function encodePart(part: Exclude<Part, CodeExecutionPart>, geminiIds: Map<string, string>): GeminiPart {
  switch (part.type) {
    case "text":
      // Gemini refuses an empty text part ("Unable to submit request because it has an empty text
      // parameter"); an empty prompt, which OpenAI answers, goes as one space, the least text Gemini takes.
      return part.signature === undefined
        ? { text: part.text === "" ? " " : part.text }
        : { text: part.text === "" ? " " : part.text, thoughtSignature: part.signature };
    case "media":
      return part.data !== undefined
        ? { inlineData: { mimeType: part.mimeType, data: part.data } }
        : { fileData: { mimeType: part.mimeType, fileUri: part.url ?? "" } };
    case "reasoning":
      return part.signature === undefined
        ? { text: part.text, thought: true }
        : { text: part.text, thought: true, thoughtSignature: part.signature };
    case "tool-call": {
      const id = upstreamCallIdFromId(part.id);
      const encoded: GeminiPart = {
        functionCall:
          id === undefined
            ? { name: part.name, args: part.arguments }
            : { id, name: part.name, args: part.arguments },
      };
      if (id !== undefined) geminiIds.set(part.id, id);
      if (part.signature !== undefined) encoded.thoughtSignature = part.signature;
      return encoded;
    }
    case "tool-result": {
      const id = geminiIds.get(part.callId);
      const response = responseObject(part.content);
      return {
        functionResponse:
          id === undefined ? { name: part.name, response } : { id, name: part.name, response },
      };
    }
  }
}

/**
 * Code the model ran: its executableCode (Python, the only language Gemini runs) with the signature Gemini 3
 * gave it (the sentinel where it was lost, as for a function call), then what each run gave, as Gemini wrote
 * them in its answer. Code whose runs were not kept goes alone.
 */
function pushCodeExecution(parts: GeminiPart[], part: CodeExecutionPart, needsSignatures: boolean): void {
  const code: GeminiPart = { executableCode: { language: "PYTHON", code: part.code } };
  const signature = part.signature ?? (needsSignatures ? SKIP_SIGNATURE_SENTINEL : undefined);
  if (signature !== undefined) code.thoughtSignature = signature;
  parts.push(code);
  for (const result of part.results) {
    parts.push({ codeExecutionResult: { outcome: geminiOutcomeOf(result.outcome), output: result.output } });
  }
}

/** Gemini wants an object: JSON objects go as they are, anything else is wrapped as `{result}`. */
function responseObject(content: unknown): Record<string, unknown> {
  return typeof content === "object" && content !== null && !Array.isArray(content)
    ? (content as Record<string, unknown>)
    : { result: content };
}
