import type { Part, ToolCallPart, Turn } from "../../hub/types.js";
import { parallelCallsInOneStep } from "./parallel-calls-in-one-step.js";

/**
 * The calls Gemini 3 is sent the sentinel for, in turns whose interleaved parallel calls are back in their
 * step (parallelCallsInOneStep): the first call of each step (a run of assistant turns, one model content)
 * when it has no signature. Gemini checks that call's signature and signs none of the parallel calls after
 * it, so those go as they are. Parts, not ids: some clients number their calls anew each turn.
 */
export function unsignedFirstCalls(steps: readonly Turn[]): Set<Part> {
  const calls = new Set<Part>();
  let stepHasCall = false;
  for (const turn of steps) {
    if (turn.role !== "assistant") stepHasCall = false;
    else if (!stepHasCall) {
      const first = turn.parts.find((part): part is ToolCallPart => part.type === "tool-call");
      if (first === undefined) continue;
      stepHasCall = true;
      if (first.signature === undefined) calls.add(first);
    }
  }
  return calls;
}

/** The calls of a request's turns that encodeGeminiRequest sends with the sentinel to a Gemini 3 model. */
export const callsSentWithSentinel = (turns: readonly Turn[]): Set<Part> =>
  unsignedFirstCalls(parallelCallsInOneStep(turns));
