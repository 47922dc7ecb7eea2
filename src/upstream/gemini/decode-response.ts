import { attachLogprobs } from "../../hub/logprobs.js";
import { idWithUpstreamCallId } from "../../hub/tool-call-id.js";
import type { GenerateEvent, GenerateRequest, TokenLogprob, Usage } from "../../hub/types.js";
import { UpstreamError } from "../upstream-error.js";
import { codeOutcomeOf } from "./code-outcomes.js";
import { groundingOf } from "./decode-grounding.js";
import { mapGeminiFinishReason } from "./map-finish-reason.js";
import type { GeminiLogprobsResult, GeminiPart, GeminiResponse, GeminiUsageMetadata } from "./wire-types.js";

/**
 * Gemini GenerateContentResponse (one JSON body, or each SSE chunk in turn) → hub events.
 * One decoder per upstream call: it remembers which candidates called a function, since Gemini
 * reports STOP for those. Every part of every candidate is read. A grounded request's decoder (`grounding`)
 * also keeps each candidate's text, to place the citations of its groundingMetadata in it; others pay
 * nothing for it.
 */
export class GeminiResponseDecoder {
  private readonly calledFunction = new Set<number>();
  /** By candidate: the answer's text so far, kept only when the request was grounded. */
  private readonly texts: string[] | undefined;
  /** How many candidates the request asked for: a blocked prompt finishes each of them. */
  private readonly candidateCount: number;

  /** `asked`: what the request asked for that shapes its answer (answerAskedBy). */
  constructor(
    private readonly newToolCallId: () => string,
    asked: AnswerAsked = {},
  ) {
    this.texts = asked.grounding === true ? [] : undefined;
    this.candidateCount = asked.candidates ?? 1;
  }

  decode(response: GeminiResponse): GenerateEvent[] {
    const events: GenerateEvent[] = [];
    const candidates = response.candidates ?? [];
    for (const [position, candidate] of candidates.entries()) {
      const index = candidate.index ?? position;
      const from = events.length;
      for (const part of candidate.content?.parts ?? []) this.decodePart(part, index, events);
      attachLogprobs(events, from, index, decodeLogprobs(candidate.logprobsResult));
      if (this.texts !== undefined && candidate.groundingMetadata !== undefined) {
        const { queries, sources, citations } = groundingOf(
          candidate.groundingMetadata,
          this.texts[index] ?? "",
        );
        if (queries.length > 0 || sources.length > 0 || citations.length > 0)
          events.push({ type: "citations", candidate: index, queries, sources, citations });
      }
      if (candidate.finishReason !== undefined) {
        const reason = mapGeminiFinishReason(candidate.finishReason, this.calledFunction.has(index));
        events.push({ type: "finish", candidate: index, reason, rawReason: candidate.finishReason });
      }
    }
    const blockReason = response.promptFeedback?.blockReason;
    if (candidates.length === 0 && blockReason !== undefined) {
      // No candidate at all: every one asked for is filtered, as OpenAI always answers n choices.
      for (let candidate = 0; candidate < this.candidateCount; candidate++)
        events.push({ type: "finish", candidate, reason: "content-filter", rawReason: blockReason });
    }
    if (response.usageMetadata !== undefined) {
      events.push({ type: "usage", usage: convertUsage(response.usageMetadata) });
    }
    return events;
  }

  /**
   * A whole answer (not streamed): its events, which must finish a candidate, and every candidate it has.
   * A 200 holding neither a candidate nor a block reason answers nothing, and one with a candidate left
   * unfinished answers in part: a malformed answer (another account may answer), not a reply without
   * choices or a choice that ended in `stop`; the usage it reported goes on the error (`spent`: Google
   * billed it). `raw` is the body, kept in part for the error.
   */
  decodeWhole(response: GeminiResponse, raw: string): GenerateEvent[] {
    const events = this.decode(response);
    const unfinished = response.candidates?.some((candidate) => candidate.finishReason === undefined);
    if (unfinished !== true && events.some((event) => event.type === "finish")) return events;
    const { usageMetadata } = response;
    throw new UpstreamError("upstream answered without a candidate or a finish reason", {
      kind: "malformed",
      rawBody: raw.slice(0, 1024),
      ...(usageMetadata === undefined ? {} : { spent: convertUsage(usageMetadata) }),
    });
  }

  private decodePart(part: GeminiPart, candidate: number, events: GenerateEvent[]): void {
    if (part.functionCall !== undefined) {
      this.calledFunction.add(candidate);
      const call: GenerateEvent = {
        type: "tool-call",
        candidate,
        // agate's own id, carrying Gemini's where it gave one (hub/tool-call-id.ts): clients and other
        // upstreams see an id of a known shape, and the call and its response go back to Gemini with its own.
        id: idWithUpstreamCallId(
          this.newToolCallId(),
          typeof part.functionCall.id === "string" ? part.functionCall.id : undefined,
        ),
        name: part.functionCall.name,
        arguments: part.functionCall.args ?? {},
      };
      if (part.thoughtSignature !== undefined) call.signature = part.thoughtSignature;
      events.push(call);
      return;
    }
    // Code execution: Gemini ran the code itself, so it is no call and STOP stays a stop. Gemini 3 signs the
    // code part, and wants the signature back on it.
    if (part.executableCode !== undefined) {
      const code = part.executableCode.code;
      const event: GenerateEvent = {
        type: "code-execution",
        candidate,
        code: typeof code === "string" ? code : "",
      };
      if (part.thoughtSignature !== undefined) event.signature = part.thoughtSignature;
      events.push(event);
      return;
    }
    if (part.codeExecutionResult !== undefined) {
      const { outcome, output } = part.codeExecutionResult;
      events.push({
        type: "code-execution-result",
        candidate,
        outcome: codeOutcomeOf(outcome),
        output: typeof output === "string" ? output : "",
      });
      return;
    }
    if (typeof part.text !== "string") return;
    if (part.thought === true) {
      const reasoning: GenerateEvent = { type: "reasoning-delta", candidate, text: part.text };
      if (part.thoughtSignature !== undefined) reasoning.signature = part.thoughtSignature;
      events.push(reasoning);
      return;
    }
    if (part.text !== "") {
      events.push({ type: "text-delta", candidate, text: part.text });
      if (this.texts !== undefined) this.texts[candidate] = (this.texts[candidate] ?? "") + part.text;
    }
    // Gemini 3 signs an answer's last part (in a stream, an empty text part of the last chunk).
    if (part.thoughtSignature !== undefined)
      events.push({ type: "text-signature", candidate, signature: part.thoughtSignature });
  }
}

/** What a request asked for that shapes the decoding of its answer. */
export interface AnswerAsked {
  /** It searched the web: groundingMetadata becomes citations. */
  grounding?: boolean;
  /** How many candidates (`n`). */
  candidates?: number;
}

export function answerAskedBy(request: GenerateRequest): AnswerAsked {
  return { grounding: request.grounding === true, candidates: request.settings.candidateCount ?? 1 };
}

export function convertUsage(metadata: GeminiUsageMetadata): Usage {
  const thoughts = metadata.thoughtsTokenCount ?? 0;
  return {
    inputTokens: metadata.promptTokenCount ?? 0,
    outputTokens: (metadata.candidatesTokenCount ?? 0) + thoughts,
    reasoningTokens: thoughts,
    cachedTokens: metadata.cachedContentTokenCount ?? 0,
  };
}

function decodeLogprobs(result: GeminiLogprobsResult | undefined): TokenLogprob[] {
  const chosen = result?.chosenCandidates ?? [];
  return chosen.map((token, position) => ({
    token: token.token ?? "",
    logprob: token.logProbability ?? 0,
    top: (result?.topCandidates?.[position]?.candidates ?? []).map((alternative) => ({
      token: alternative.token ?? "",
      logprob: alternative.logProbability ?? 0,
    })),
  }));
}
