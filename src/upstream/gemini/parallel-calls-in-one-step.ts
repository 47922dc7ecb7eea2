import type { Part, Turn } from "../../hub/types.js";

/** The step (one model content) being read: where its calls go, and what is known of them. */
interface Step {
  /** Index, in the turns returned, of the step's last assistant turn. */
  turn: number;
  calls: Set<string>;
  /** Whether the step's first call came with a thought signature; undefined before its first call. */
  signed: boolean | undefined;
  /** Whether results of its calls came after it. */
  answered: boolean;
}

/**
 * Gemini 3 signs the first function call of each step and none of the parallel calls after it. Some clients
 * send parallel calls interleaved with their results (`call A, result A, call B, result B`): as they come, B
 * would open a step of its own, unsigned. A turn of calls only, whose first call has no signature, that comes
 * right after the results of a step opened by a signed call (no model text between) belongs to that step: its
 * calls join the step's calls, and its results follow the step's results. A call with a signature of its own
 * opens a new step, so sequential steps stay apart. Pure; the input is returned as it is when nothing moves.
 */
export function parallelCallsInOneStep(turns: readonly Turn[]): readonly Turn[] {
  let merged: Turn[] | undefined;
  let step: Step | undefined;
  for (let index = 0; index < turns.length; index++) {
    const turn = turns[index] as Turn;
    const at = merged === undefined ? index : merged.length;
    if (turn.role === "assistant") {
      if (step?.signed === true && step.answered && joinsStep(turn.parts)) {
        merged ??= turns.slice(0, index);
        const target = merged[step.turn] as Turn;
        merged[step.turn] = { role: target.role, parts: [...target.parts, ...turn.parts] };
        addCalls(step, turn.parts);
        continue;
      }
      // Consecutive assistant turns are one step (a message, then its calls); after results, a new one.
      if (step === undefined || step.answered || (merged ?? turns)[at - 1]?.role !== "assistant")
        step = { turn: at, calls: new Set(), signed: undefined, answered: false };
      step.turn = at;
      addCalls(step, turn.parts);
    } else if (turn.role === "tool" && step !== undefined && answersStep(turn.parts, step.calls)) {
      step.answered = true;
    } else {
      step = undefined;
    }
    merged?.push(turn);
  }
  return merged ?? turns;
}

function addCalls(step: Step, parts: readonly Part[]): void {
  for (const part of parts) {
    if (part.type !== "tool-call") continue;
    step.signed ??= part.signature !== undefined;
    step.calls.add(part.id);
  }
}

/** Only calls, the first without a signature of its own. */
function joinsStep(parts: readonly Part[]): boolean {
  const first = parts[0];
  return (
    first?.type === "tool-call" &&
    first.signature === undefined &&
    parts.every((part) => part.type === "tool-call")
  );
}

/** A tool turn whose results all answer the step's calls (images a tool returned may go along). */
function answersStep(parts: readonly Part[], calls: ReadonlySet<string>): boolean {
  return parts.every((part) => part.type !== "tool-result" || calls.has(part.callId));
}
