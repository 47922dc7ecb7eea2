import type { CodeOutcome } from "../../hub/types.js";

/** Gemini's codeExecutionResult.outcome values, as the Gemini API spells them. */
export type GeminiOutcome = "OUTCOME_OK" | "OUTCOME_FAILED" | "OUTCOME_DEADLINE_EXCEEDED";

/**
 * Gemini's outcome of a run → the hub's. OUTCOME_UNSPECIFIED, a missing one or an unknown one is a failure:
 * nothing says the code ran through.
 */
export function codeOutcomeOf(outcome: unknown): CodeOutcome {
  if (outcome === "OUTCOME_OK") return "ok";
  if (outcome === "OUTCOME_DEADLINE_EXCEEDED") return "timed-out";
  return "failed";
}

/** The hub's outcome of a run → Gemini's, for a replayed conversation. */
export function geminiOutcomeOf(outcome: CodeOutcome): GeminiOutcome {
  switch (outcome) {
    case "ok":
      return "OUTCOME_OK";
    case "failed":
      return "OUTCOME_FAILED";
    case "timed-out":
      return "OUTCOME_DEADLINE_EXCEEDED";
  }
}
