import { givesCallIds, newFunctionCallId } from "./call-ids.js";
import { computedAnswer, runsCode } from "./code-execution.js";
import { forcedCall } from "./forced-call.js";
import { type CandidateDraft, type GenerationDraft, newResponseId, usageFor } from "./generation-draft.js";
import { defaultGrounding, searchesTheWeb } from "./grounding.js";
import { jsonAnswer } from "./json-answer.js";
import type { ResolvedModel } from "./models.js";
import { isGemini3 } from "./models.js";
import { showsServerToolCalls } from "./search-beside-functions.js";
import type { SignatureBook } from "./signatures.js";
import { thoughtTokens } from "./thinking.js";
import { estimatePromptTokens } from "./token-estimate.js";
import type { GenerateContentRequest, GenerationConfig } from "./types.js";

const maxCandidates = 8;

/**
 * The default answer when no script matches: a deterministic echo of the last user turn (in JSON mode, JSON
 * that fits the schema), with log probabilities when asked; where a function call is required, that call;
 * where the model may run code and the prompt asks to work out some arithmetic, the code and its result
 * (code-execution.ts) before the answer.
 */
export function echoDraft(
  model: ResolvedModel,
  request: GenerateContentRequest,
  signatures: SignatureBook,
): GenerationDraft {
  const config = request.generationConfig ?? {};
  const said = lastUserText(request);
  const count = Math.min(maxCandidates, Math.max(1, Math.floor(config.candidateCount ?? 1)));
  const thinking = thoughtTokens(model, config.thinkingConfig);
  const withThoughts = config.thinkingConfig?.includeThoughts === true && thinking > 0;
  const call = forcedCall(request, said);
  const searches = searchesTheWeb(request);
  const computed =
    runsCode(request) && config.responseMimeType !== "application/json" ? computedAnswer(said) : undefined;
  const candidates: CandidateDraft[] = [];
  for (let index = 0; index < count; index += 1) {
    if (call !== undefined) {
      candidates.push({
        ...(withThoughts ? { thought: thoughtAbout(said) } : {}),
        thoughtTokens: thinking,
        // Gemini 3 gives each call an id of its own, and signs the first call of a turn.
        functionCalls: [givesCallIds(model.id) ? { id: newFunctionCallId(), ...call } : call],
        ...(isGemini3(model.id) ? { callSignature: signatures.issue() } : {}),
        finishReason: "STOP",
      });
      continue;
    }
    if (computed !== undefined) {
      const limited = limitOutput(computed.text, config, thinking);
      candidates.push({
        ...(withThoughts ? { thought: thoughtAbout(said) } : {}),
        thoughtTokens: limited.thoughtTokens,
        // Gemini 3 signs the code part (and no other part of such an answer here).
        code: isGemini3(model.id) ? { ...computed.code, signature: signatures.issue() } : computed.code,
        text: limited.text,
        functionCalls: [],
        finishReason: limited.finishReason,
      });
      continue;
    }
    const label = index === 0 ? model.id : `${model.id}, candidate ${index + 1}`;
    // Gemini 3 signs an answer without a function call on its last part, not on the thoughts before it.
    const gemini3 = isGemini3(model.id);
    const echo = `Hello from the agate simulator (${label}). You said: ${said}`;
    const limited = limitOutput(
      config.responseMimeType === "application/json"
        ? jsonAnswer(config.responseSchema ?? config.responseJsonSchema, said, echo)
        : echo,
      config,
      thinking,
    );
    candidates.push({
      ...(withThoughts ? { thought: thoughtAbout(said) } : {}),
      ...(withThoughts && !gemini3 ? { thoughtSignature: signatures.issue() } : {}),
      ...(gemini3 ? { textSignature: signatures.issue() } : {}),
      thoughtTokens: limited.thoughtTokens,
      text: limited.text,
      functionCalls: [],
      finishReason: limited.finishReason,
      ...(config.responseLogprobs === true
        ? { logprobs: Math.max(0, Math.floor(config.logprobs ?? 0)) }
        : {}),
      ...(searches ? { grounding: defaultGrounding(said, limited.text) } : {}),
      ...(searches && showsServerToolCalls(request) ? { searchCallId: newFunctionCallId() } : {}),
    });
  }
  return {
    candidates,
    usage: usageFor(estimatePromptTokens(request), candidates),
    modelVersion: model.id,
    responseId: newResponseId(),
  };
}

/** The text parts of the last user turn, joined; function results are named instead. */
export function lastUserText(request: GenerateContentRequest): string {
  const turn = request.contents.findLast((content) => content.role !== "model");
  const parts = turn?.parts ?? [];
  const texts = parts.filter((part) => typeof part.text === "string" && part.thought !== true);
  if (texts.length > 0) return texts.map((part) => part.text).join(" ");
  const results = parts.flatMap((part) => (part.functionResponse ? [part.functionResponse.name] : []));
  return results.length > 0 ? `[results of ${results.join(", ")}]` : "";
}

/**
 * stopSequences cut at the earliest match (STOP); maxOutputTokens counts the `thinking` tokens first, as
 * Gemini does, and keeps the words that still fit (MAX_TOKENS) — none when the thoughts took the whole limit.
 */
export function limitOutput(
  text: string,
  config: GenerationConfig,
  thinking = 0,
): { text: string; finishReason: string; thoughtTokens: number } {
  let output = text;
  for (const stop of config.stopSequences ?? []) {
    const at = stop === "" ? -1 : output.indexOf(stop);
    if (at >= 0) output = output.slice(0, at);
  }
  const limit = config.maxOutputTokens ?? 0;
  if (limit > 0 && thinking >= limit) return { text: "", finishReason: "MAX_TOKENS", thoughtTokens: limit };
  const room = limit - thinking;
  const words = output.match(/\S+\s*/g) ?? [];
  if (limit > 0 && words.length > room) {
    const kept = words.slice(0, room).join("").trimEnd();
    return { text: kept, finishReason: "MAX_TOKENS", thoughtTokens: thinking };
  }
  return { text: output, finishReason: "STOP", thoughtTokens: thinking };
}

function thoughtAbout(said: string): string {
  const gist = said.length > 60 ? `${said.slice(0, 60)}...` : said;
  return `The user said "${gist}". I will greet them and echo it back.`;
}
