import type { CandidateDraft, CodeDraft, GenerationDraft } from "./generation-draft.js";
import { groundingMetadataFor } from "./grounding.js";
import { averageLogprob, logprobsFor } from "./logprobs.js";
import { StreamUsage } from "./stream-usage.js";
import type { Candidate, GenerateContentResponse, Part } from "./types.js";

const wordsPerChunk = 3;

/** The whole GenerateContentResponse of a non-streaming call. */
export function toResponse(draft: GenerationDraft): GenerateContentResponse {
  if (draft.blockReason !== undefined) return blockedResponse(draft, draft.blockReason);
  return {
    candidates: draft.candidates.map((candidate, index) => {
      const whole = grounded(
        { ...candidateWith(index, wholeParts(candidate)), finishReason: candidate.finishReason },
        candidate,
      );
      if (candidate.logprobs === undefined) return whole;
      const logprobsResult = logprobsFor(candidate.text ?? "", candidate.logprobs);
      return { ...whole, logprobsResult, avgLogprobs: averageLogprob(logprobsResult) };
    }),
    usageMetadata: draft.usage,
    modelVersion: draft.modelVersion,
    responseId: draft.responseId,
  };
}

/**
 * The SSE chunks of a streaming call: thought, then the text a few words at a time, then the function calls.
 * Only the last chunk carries finishReason; every chunk carries the usage so far (stream-usage.ts), the last
 * the answer's.
 */
export function toStreamChunks(draft: GenerationDraft): GenerateContentResponse[] {
  if (draft.blockReason !== undefined) return [blockedResponse(draft, draft.blockReason)];
  const segments = draft.candidates.map(segmentsOf);
  const chunkCount = Math.max(1, ...segments.map((list) => list.length));
  const chunks: GenerateContentResponse[] = [];
  const usage = new StreamUsage(draft.usage, draft.candidates);
  for (let chunk = 0; chunk < chunkCount - 1; chunk += 1) {
    const candidates: Candidate[] = [];
    segments.forEach((list, index) => {
      const parts = list[chunk];
      const candidate = draft.candidates[index];
      if (parts === undefined || candidate === undefined) return;
      usage.count(index, parts, candidate);
      candidates.push(withLogprobs(candidateWith(index, parts), candidate));
    });
    chunks.push({
      candidates,
      usageMetadata: usage.now(),
      modelVersion: draft.modelVersion,
      responseId: draft.responseId,
    });
  }
  const last = chunkCount - 1;
  const finals = draft.candidates.map((candidate, index) => {
    const list = segments[index] ?? [];
    const parts = list[last] ?? (list.length > 0 ? [{ text: "" }] : []);
    const final = {
      ...withLogprobs(candidateWith(index, parts), candidate),
      finishReason: candidate.finishReason,
    };
    return grounded(final, candidate);
  });
  chunks.push({
    candidates: finals,
    usageMetadata: draft.usage,
    modelVersion: draft.modelVersion,
    responseId: draft.responseId,
  });
  return chunks;
}

function blockedResponse(draft: GenerationDraft, blockReason: string): GenerateContentResponse {
  return {
    promptFeedback: { blockReason },
    usageMetadata: draft.usage,
    modelVersion: draft.modelVersion,
    responseId: draft.responseId,
  };
}

/**
 * A candidate with the groundingMetadata of its whole answer, when the request searched the web: its
 * segments counted in all its text (the words before any code it ran included).
 */
function grounded(candidate: Candidate, draft: CandidateDraft): Candidate {
  if (draft.grounding === undefined) return candidate;
  const text = (draft.code?.preface ?? "") + (draft.text ?? "");
  return { ...candidate, groundingMetadata: groundingMetadataFor(draft.grounding, text) };
}

/** A stream chunk's candidate with the log probabilities of its own text, when they were asked for. */
function withLogprobs(candidate: Candidate, draft: CandidateDraft | undefined): Candidate {
  if (draft?.logprobs === undefined) return candidate;
  const text = (candidate.content.parts ?? [])
    .filter((part) => part.thought !== true && typeof part.text === "string")
    .map((part) => part.text)
    .join("");
  return text === "" ? candidate : { ...candidate, logprobsResult: logprobsFor(text, draft.logprobs) };
}

function candidateWith(index: number, parts: Part[]): Candidate {
  return { content: parts.length > 0 ? { role: "model", parts } : { role: "model" }, index };
}

function wholeParts(candidate: CandidateDraft): Part[] {
  const parts: Part[] = [];
  if (candidate.thought !== undefined) parts.push(thoughtPart(candidate));
  parts.push(...searchParts(candidate));
  if (candidate.code !== undefined) {
    if (candidate.code.preface) parts.push({ text: candidate.code.preface });
    parts.push(...codeParts(candidate.code));
  }
  if (candidate.text) parts.push({ text: candidate.text, ...signed(candidate.textSignature) });
  parts.push(...callParts(candidate));
  return parts;
}

/**
 * The parts of one candidate grouped as they would arrive in a stream. The text's signature comes last, on
 * an empty text part of its own, as Gemini 3 streams it.
 */
function segmentsOf(candidate: CandidateDraft): Part[][] {
  const segments: Part[][] = [];
  if (candidate.thought !== undefined) segments.push([thoughtPart(candidate)]);
  const search = searchParts(candidate);
  if (search.length > 0) segments.push(search);
  if (candidate.code !== undefined) {
    // Gemini streams the code whole, and each run's result, each in a chunk of its own.
    for (const text of splitWords(candidate.code.preface ?? "")) segments.push([{ text }]);
    for (const part of codeParts(candidate.code)) segments.push([part]);
  }
  for (const text of splitWords(candidate.text ?? "")) segments.push([{ text }]);
  if (candidate.text && candidate.textSignature !== undefined)
    segments.push([{ text: "", ...signed(candidate.textSignature) }]);
  if (candidate.functionCalls.length > 0) segments.push(callParts(candidate));
  return segments;
}

/** The search Gemini ran, as it shows it when asked to: its call (the queries), then its response. */
function searchParts(candidate: CandidateDraft): Part[] {
  const id = candidate.searchCallId;
  if (id === undefined) return [];
  const tool = { id, toolType: "GOOGLE_SEARCH_WEB" as const };
  return [
    { toolCall: { ...tool, args: { queries: candidate.grounding?.queries ?? [] } } },
    // What the search gave the model is Google's own; agate reads past it, so it is not modelled here.
    { toolResponse: { ...tool, response: {} } },
  ];
}

/** The code, as Gemini 3 signs it, then one codeExecutionResult per run. */
function codeParts(code: CodeDraft): Part[] {
  return [
    { executableCode: { language: "PYTHON", code: code.code }, ...signed(code.signature) },
    ...code.results.map((result) => ({
      codeExecutionResult: { outcome: result.outcome, output: result.output },
    })),
  ];
}

function thoughtPart(candidate: CandidateDraft): Part {
  return { text: candidate.thought ?? "", thought: true, ...signed(candidate.thoughtSignature) };
}

function callParts(candidate: CandidateDraft): Part[] {
  return candidate.functionCalls.map((functionCall, index) => ({
    functionCall,
    ...(index === 0 ? signed(candidate.callSignature) : {}),
  }));
}

function signed(signature: string | undefined): { thoughtSignature?: string } {
  return signature === undefined ? {} : { thoughtSignature: signature };
}

/** Pieces of a few words each that concatenate back to the text. */
export function splitWords(text: string): string[] {
  const pattern = new RegExp(`(?:\\s*\\S+){1,${wordsPerChunk}}\\s*`, "g");
  return text.match(pattern) ?? [];
}
