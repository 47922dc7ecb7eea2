import type { GenerateEvent } from "../../hub/types.js";
import { UpstreamError } from "../upstream-error.js";

type FinishEvent = Extract<GenerateEvent, { type: "finish" }>;
type UsageEvent = Extract<GenerateEvent, { type: "usage" }>;

/**
 * The stage between a Gemini stream's decoded chunks and the client: content passes at once; each
 * candidate's finish and the usage are held until the stream ends. Gemini's last chunk is meant to carry
 * finishReason, but one can come early or on every chunk (older models put STOP on each; servers that
 * speak Gemini may open with an empty STOP chunk), and OpenAI clients stop reading a choice at its first
 * finish_reason. So a candidate finishes once, after all its content, with the last reason it was given
 * (tool-calls if it called a function anywhere); the usage, cumulative in Gemini, is the last one.
 */
export class HeldFinishes {
  private readonly finishes = new Map<number, FinishEvent>();
  private readonly calledFunction = new Set<number>();
  /** Every candidate that wrote something: each must finish. */
  private readonly wrote = new Set<number>();
  private usage: UsageEvent | undefined;

  /**
   * Whether a decoded event goes to the client now (content) or is kept for the end (a finish, the usage).
   * One call per event, inline in the decoding loop: no generator per chunk on the streaming path.
   */
  passes(event: GenerateEvent): boolean {
    if (event.type === "finish") {
      this.finishes.set(event.candidate, event);
      return false;
    }
    if (event.type === "usage") {
      this.usage = event;
      return false;
    }
    if (event.type === "tool-call") this.calledFunction.add(event.candidate);
    if (event.type !== "error") this.wrote.add(event.candidate);
    return true;
  }

  /**
   * When the stream has ended: each candidate's finish in candidate order, then the usage. A stream that
   * finished nothing, or left a candidate that wrote unfinished (one choice of n cut silently), failed.
   */
  end(): GenerateEvent[] {
    if (this.finishes.size === 0) {
      throw new UpstreamError("upstream stream ended without a finish reason", { kind: "stream" });
    }
    for (const candidate of this.wrote) {
      if (!this.finishes.has(candidate))
        throw new UpstreamError(`upstream stream ended without a finish reason for candidate ${candidate}`, {
          kind: "stream",
        });
    }
    const events: GenerateEvent[] = [...this.finishes.values()]
      .sort((a, b) => a.candidate - b.candidate)
      .map((finish) =>
        this.calledFunction.has(finish.candidate) && finish.reason !== "tool-calls"
          ? { ...finish, reason: "tool-calls" }
          : finish,
      );
    if (this.usage !== undefined) events.push(this.usage);
    return events;
  }
}
