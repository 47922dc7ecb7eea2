import { givesCallIds, newFunctionCallId } from "./call-ids.js";
import { runsCode, scriptedCode } from "./code-execution.js";
import { lastUserText } from "./echo-generation.js";
import { type CandidateDraft, type GenerationDraft, newResponseId, usageFor } from "./generation-draft.js";
import { defaultGrounding, searchesTheWeb } from "./grounding.js";
import type { ResolvedModel } from "./models.js";
import { isGemini3 } from "./models.js";
import type { SimReply } from "./script-types.js";
import { showsServerToolCalls } from "./search-beside-functions.js";
import type { SignatureBook } from "./signatures.js";
import { estimatePromptTokens } from "./token-estimate.js";
import type { FunctionCall, GenerateContentRequest } from "./types.js";

/** A scripted `reply`, laid out like the echo; its text is used as given (no truncation). */
export function scriptedDraft(
  model: ResolvedModel,
  request: GenerateContentRequest,
  reply: SimReply,
  signatures: SignatureBook,
): GenerationDraft {
  const base = { modelVersion: model.id, responseId: newResponseId() };
  const promptTokens = estimatePromptTokens(request);
  if (reply.blockReason !== undefined) {
    return {
      ...base,
      candidates: [],
      usage: usageFor(promptTokens, [], reply.usage),
      blockReason: reply.blockReason,
    };
  }
  const count = Math.max(1, Math.floor(reply.candidates ?? request.generationConfig?.candidateCount ?? 1));
  // Gemini 3 signs every answer; scripts sign function calls themselves, but text by default.
  const wanted = reply.signature ?? (isGemini3(model.id) && reply.functionCalls === undefined);
  const candidate = candidateFrom(reply, signatureFor(wanted, signatures), givesCallIds(model.id));
  // Gemini 3 signs the code it writes, as the echo's (echo-generation.ts).
  if (reply.code !== undefined && runsCode(request))
    candidate.code = scriptedCode(reply.code, isGemini3(model.id) ? signatures.issue() : undefined);
  if (searchesTheWeb(request) && candidate.text !== undefined) {
    candidate.grounding = reply.grounding ?? defaultGrounding(lastUserText(request), candidate.text);
    if (showsServerToolCalls(request)) candidate.searchCallId = newFunctionCallId();
  }
  const candidates = Array.from({ length: count }, () => candidate);
  return { ...base, candidates, usage: usageFor(promptTokens, candidates, reply.usage) };
}

/** `withIds`: the model gives each call an id, where the script gives none (null: none at all). */
function candidateFrom(reply: SimReply, signature: string | undefined, withIds: boolean): CandidateDraft {
  const functionCalls = (reply.functionCalls ?? []).map((call): FunctionCall => {
    const id = call.id === undefined && withIds ? newFunctionCallId() : call.id;
    return { name: call.name, args: call.args, ...(typeof id === "string" ? { id } : {}) };
  });
  const draft: CandidateDraft = { functionCalls, finishReason: reply.finishReason ?? "STOP" };
  if (reply.thought !== undefined) draft.thought = reply.thought;
  if (reply.text !== undefined) draft.text = reply.text;
  if (signature === undefined) return draft;
  if (functionCalls.length > 0) draft.callSignature = signature;
  else if (reply.text !== undefined) draft.textSignature = signature;
  else if (reply.thought !== undefined) draft.thoughtSignature = signature;
  return draft;
}

function signatureFor(wanted: SimReply["signature"], signatures: SignatureBook): string | undefined {
  if (wanted === true) return signatures.issue();
  if (typeof wanted === "string") {
    signatures.remember(wanted);
    return wanted;
  }
  return undefined;
}
