import { invalidArgument } from "./google-error.js";
import type { ResolvedModel } from "./models.js";
import { isGemini3 } from "./models.js";
import type { GoogleErrorBody, ThinkingConfig } from "./types.js";

/**
 * How much a simulated thinking model thinks, in tokens: what it spends left to itself (no thinking config,
 * a budget of -1, level high), less at a lower level, at most its budget, nothing with a budget of 0. Gemini
 * counts these tokens inside maxOutputTokens whether or not the thoughts are shown (includeThoughts), and
 * 2.5 Flash and Pro and Gemini 3 think by default: a small limit can go to thoughts entirely.
 */
const THOUGHT_TOKENS_BY_LEVEL: Readonly<Record<string, number>> = {
  minimal: 0,
  low: 30,
  medium: 60,
  high: 120,
};
const DYNAMIC_THOUGHT_TOKENS = 120;

export function thoughtTokens(model: ResolvedModel, config: ThinkingConfig | undefined): number {
  if (!model.thinking) return 0;
  const level = config?.thinkingLevel?.toLowerCase();
  if (level !== undefined) return THOUGHT_TOKENS_BY_LEVEL[level] ?? DYNAMIC_THOUGHT_TOKENS;
  const budget = config?.thinkingBudget;
  if (budget === undefined || budget < 0) return DYNAMIC_THOUGHT_TOKENS;
  return Math.min(Math.floor(budget), DYNAMIC_THOUGHT_TOKENS);
}

/** The thinkingBudget ranges Gemini checks (2.5 Pro cannot turn thinking off; Flash-Lite can). */
const BUDGET_RANGES: readonly { family: RegExp; least: number; largest: number; off: boolean }[] = [
  { family: /^gemini-2\.5-pro/, least: 128, largest: 32_768, off: false },
  { family: /^gemini-2\.5-flash-lite/, least: 512, largest: 24_576, off: true },
];

/** What Gemini refuses in a thinking config the model could otherwise take. */
export function thinkingRefusal(model: ResolvedModel, config: ThinkingConfig): GoogleErrorBody | undefined {
  const { thinkingBudget: budget, thinkingLevel: level } = config;
  if (budget !== undefined && level !== undefined) {
    return invalidArgument("thinking_budget and thinking_level are not supported together.");
  }
  if (level !== undefined) {
    if (!isGemini3(model.id)) return invalidArgument("Thinking level is not supported for this model.");
    const upper = level.toUpperCase();
    if (model.thinkingLevels?.includes(level.toLowerCase()) === false) {
      return invalidArgument(
        `Thinking level ${upper} is not supported for this model. Please retry with other thinking level.`,
      );
    }
    return undefined;
  }
  const range = BUDGET_RANGES.find((entry) => entry.family.test(model.id));
  if (budget === undefined || budget === -1 || range === undefined) return undefined;
  if (budget === 0 && !range.off) {
    return invalidArgument("Budget 0 is invalid. This model only works in thinking mode.");
  }
  if (budget !== 0 && (budget < range.least || budget > range.largest)) {
    return invalidArgument(
      `The thinking budget ${budget} is invalid. Please choose a value between ${range.least} and ${range.largest}.`,
    );
  }
  return undefined;
}
