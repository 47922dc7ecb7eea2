import type { GenerateEvent } from "../../hub/types.js";
import { UpstreamError } from "../upstream-error.js";

type FinishEvent = Extract<GenerateEvent, { type: "finish" }>;
type UsageEvent = Extract<GenerateEvent, { type: "usage" }>;
type CitationsEvent = Extract<GenerateEvent, { type: "citations" }>;

/**
 * The stage between a Gemini stream's decoded chunks and the client: content passes at once; each
 * candidate's finish and the usage are held until the stream ends. Gemini's last chunk is meant to carry
 * finishReason, but one can come early or on every chunk (older models put STOP on each; servers that
 * speak Gemini may open with an empty STOP chunk), and OpenAI clients stop reading a choice at its first
 * finish_reason. So a candidate finishes once, after all its content, with the last reason it was given
 * (tool-calls if it called a function anywhere); the usage, cumulative in Gemini, is the last one. A
 * grounded candidate's citations (groundingMetadata, on the last chunk or spread over several) are gathered
 * and come just before its finish, once its text is all written.
 */
export class HeldFinishes {
  // By candidate index (small): plain arrays, lighter per stream than a Map and two Sets (1,000 streams at once).
  private readonly finishes: (FinishEvent | undefined)[] = [];
  private readonly calledFunction: boolean[] = [];
  /** Every candidate that wrote something: each must finish. */
  private readonly wrote: boolean[] = [];
  private usage: UsageEvent | undefined;
  private citations: CitationsEvent[] | undefined;

  /**
   * Whether a decoded event goes to the client now (content) or is kept for the end (a finish, the usage).
   * One call per event, inline in the decoding loop: no generator per chunk on the streaming path.
   */
  passes(event: GenerateEvent): boolean {
    if (event.type === "finish") {
      this.finishes[event.candidate] = event;
      return false;
    }
    if (event.type === "usage") {
      this.usage = event;
      return false;
    }
    if (event.type === "citations") {
      this.citations ??= [];
      this.citations[event.candidate] = mergeCitations(this.citations[event.candidate], event);
      return false;
    }
    if (event.type === "error") return true;
    if (event.type === "tool-call") this.calledFunction[event.candidate] = true;
    this.wrote[event.candidate] = true;
    return true;
  }

  /** The last usage so far: what a stream that fails before its end had been billed. */
  heldUsage(): UsageEvent | undefined {
    return this.usage;
  }

  /**
   * When the stream has ended: each candidate's finish in candidate order, then the usage. A stream that
   * finished nothing, or left a candidate that wrote unfinished (one choice of n cut silently), failed.
   */
  end(): GenerateEvent[] {
    const events: GenerateEvent[] = [];
    for (const finish of this.finishes) {
      if (finish === undefined) continue;
      const citations = this.citations?.[finish.candidate];
      if (citations !== undefined) events.push(citations);
      const calledFunction = this.calledFunction[finish.candidate] === true && finish.reason !== "tool-calls";
      events.push(calledFunction ? { ...finish, reason: "tool-calls" } : finish);
    }
    if (events.length === 0) {
      throw new UpstreamError("upstream stream ended without a finish reason", { kind: "stream" });
    }
    for (const [candidate, wrote] of this.wrote.entries()) {
      if (wrote === true && this.finishes[candidate] === undefined)
        throw new UpstreamError(`upstream stream ended without a finish reason for candidate ${candidate}`, {
          kind: "stream",
        });
    }
    if (this.usage !== undefined) events.push(this.usage);
    return events;
  }
}

/** A candidate's citations so far and those of a later chunk, each query, source and citation once. */
function mergeCitations(held: CitationsEvent | undefined, next: CitationsEvent): CitationsEvent {
  if (held === undefined) return next;
  const queries = [...held.queries];
  for (const query of next.queries) if (!queries.includes(query)) queries.push(query);
  const sources = [...held.sources];
  for (const source of next.sources) if (!sources.includes(source)) sources.push(source);
  const citations = [...held.citations];
  for (const citation of next.citations) {
    const known = citations.some(
      (other) => other.start === citation.start && other.end === citation.end && other.url === citation.url,
    );
    if (!known) citations.push(citation);
  }
  citations.sort((a, b) => a.start - b.start || a.end - b.end);
  return { type: "citations", candidate: held.candidate, queries, sources, citations };
}
