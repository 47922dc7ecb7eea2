import type { LogprobsResult } from "./types.js";

/**
 * Gemini's `logprobsResult` for a piece of answer text (`responseLogprobs: true`), one token per word with
 * its trailing space, so a stream's chunks carry the tokens of their own text. Deterministic, whole or
 * streamed: the chosen token's log probability follows from its text; `top` alternatives (`logprobs`), the
 * chosen first.
 */
export function logprobsFor(text: string, top: number): LogprobsResult {
  const tokens = text.match(/\s*\S+\s*/g) ?? [];
  return {
    topCandidates: tokens.map((token) => ({
      candidates: Array.from({ length: top }, (_, rank) => ({
        token: rank === 0 ? token : `${token.trim()}${rank}`,
        logProbability: chosenLogprob(token) - rank,
      })),
    })),
    chosenCandidates: tokens.map((token) => ({ token, logProbability: chosenLogprob(token) })),
  };
}

/** The mean of the chosen tokens' log probabilities (a whole candidate's `avgLogprobs`). */
export function averageLogprob(result: LogprobsResult): number {
  const chosen = result.chosenCandidates;
  if (chosen.length === 0) return 0;
  return chosen.reduce((sum, token) => sum + token.logProbability, 0) / chosen.length;
}

/** Between −0.01 and −0.6, from the token's characters. */
function chosenLogprob(token: string): number {
  let sum = 0;
  for (let index = 0; index < token.length; index++) sum += token.charCodeAt(index);
  return -(1 + (sum % 60)) / 100;
}
