import { BUDGET_BY_EFFORT, budgetRangeOf } from "./model-families.js";
import { type ThinkingLevel, thinkingLevelsOf, thinksLittleByDefault } from "./thinking-levels.js";

/**
 * Gemini 2.5 and 3 count their thoughts inside maxOutputTokens, and think by default: a client that sets a
 * small limit without asking for reasoning (a chat title with max_tokens 20, a ping with 5) would get every
 * token spent on thoughts and an empty answer. Thinking gets at most half of the limit:
 *
 * - half the limit under 1,024 tokens (the `low` effort's budget): the least thinking the model has — off on
 *   2.5 Flash, 128 tokens on 2.5 Pro, `minimal` on 3 Flash, `low` on 3 Pro;
 * - otherwise on 2.5, a budget of half the limit; on 3, the highest level whose effort budget fits in it;
 * - a limit whose half reaches the most the model thinks anyway (the largest budget, level `high`): nothing.
 *
 * Gemini 3 Flash-Lite, which thinks little by default: its least level under 1,024, else nothing. Models outside
 * these families (2.5 Flash-Lite, image and speech models, unknown names): undefined.
 */
export function thinkingWithinLimit(
  limit: number,
  model: string,
): { thinkingBudget: number } | { thinkingLevel: ThinkingLevel } | undefined {
  const share = Math.floor(limit / 2);
  const range = budgetRangeOf(model);
  if (range !== undefined) {
    if (share >= range.largest) return undefined;
    return { thinkingBudget: share >= BUDGET_BY_EFFORT.low ? share : range.least };
  }
  const levels = thinkingLevelsOf(model);
  if (levels === undefined) return undefined;
  // Flash-Lite thinks little by default: only a small limit asks for its least thinking.
  if (thinksLittleByDefault(model))
    return share < BUDGET_BY_EFFORT.low && levels[0] !== undefined ? { thinkingLevel: levels[0] } : undefined;
  const fitting = levels.filter((level) => BUDGET_BY_EFFORT[level] <= share);
  const level = fitting.at(-1) ?? levels[0];
  return level === undefined || level === "high" ? undefined : { thinkingLevel: level };
}
