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
  const thinking = thinkingOf(model);
  if (thinking === NONE) return undefined;
  const share = Math.floor(limit / 2);
  if ("largest" in thinking) {
    if (share >= thinking.largest) return undefined;
    return { thinkingBudget: share >= BUDGET_BY_EFFORT.low ? share : thinking.least };
  }
  const { levels } = thinking;
  const least = levels[0];
  if (least === undefined) return undefined;
  // Flash-Lite thinks little by default: only a small limit asks for its least thinking.
  if (thinking.littleByDefault) return share < BUDGET_BY_EFFORT.low ? { thinkingLevel: least } : undefined;
  // The highest level whose budget fits (the levels go least first), else the least.
  let level = least;
  for (const next of levels) if (BUDGET_BY_EFFORT[next] <= share) level = next;
  return level === "high" ? undefined : { thinkingLevel: level };
}

/** What the rule needs of a model, which its name alone decides: a 2.5 budget range, or 3's levels. */
type ModelThinking =
  | { readonly least: number; readonly largest: number }
  | { readonly levels: readonly ThinkingLevel[]; readonly littleByDefault: boolean };

/** A model the rule leaves alone. */
const NONE: ModelThinking = { levels: [], littleByDefault: false };

/**
 * Each model's part of the rule, by name, worked out once (its regular expressions cost ≈ 0.3 µs a
 * request, bench/thinking-within-limit.mjs). Names come from clients (a model agate does not know is passed
 * on), so there are at most MAX_NAMES; past them, the names are worked out afresh.
 */
const byName = new Map<string, ModelThinking>();
const MAX_NAMES = 256;

function thinkingOf(model: string): ModelThinking {
  let thinking = byName.get(model);
  if (thinking === undefined) {
    thinking = placed(model);
    if (byName.size >= MAX_NAMES) byName.clear();
    byName.set(model, thinking);
  }
  return thinking;
}

function placed(model: string): ModelThinking {
  const range = budgetRangeOf(model);
  if (range !== undefined) return range;
  const levels = thinkingLevelsOf(model);
  if (levels === undefined) return NONE;
  return { levels, littleByDefault: thinksLittleByDefault(model) };
}
