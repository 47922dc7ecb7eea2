import type { ReasoningEffort } from "../../hub/types.js";

/**
 * The Gemini families whose settings differ, by the upstream model's name (with or without `models/`). A
 * name that matches none (a tuned model, one agate does not know yet) is sent what the client asked for.
 */

const GEMINI_3 = /(^|\/)gemini-3/;
const GEMINI_2_5 = /(^|\/)gemini-2\.5/;
const PRO = /(^|\/)gemini-([\d.]+-)?pro/;
/** Gemini 3 Pro (3.0, shut down in March 2026), apart from 3.1 Pro and later. */
const GEMINI_3_0_PRO = /(^|\/)gemini-3-pro/;
/** Flash of any version (not Flash-Lite), and the rolling gemini-flash-latest. */
const FLASH = /(^|\/)gemini-([\d.]+-)?flash(?!-lite)/;
/** Flash-Lite of any version, and the rolling gemini-flash-lite-latest. */
const FLASH_LITE = /(^|\/)gemini-([\d.]+-)?flash-lite/;
/** A Gemini 3 Flash (or Flash-Lite) name, its minor version captured: none in gemini-3-flash, 5 in 3.5. */
const FLASH_3_VERSION = /(^|\/)gemini-3(?:\.(\d+))?-flash/;
/** The rolling gemini-flash-latest. */
const ROLLING_FLASH = /(^|\/)gemini-flash-latest/;
/** Image, speech and live models: their thinking (if any) is not what the text models take. */
const MEDIA = /-(image|tts|audio|live)/;

/**
 * Google's rolling names, which follow its newest release of a tier. In 2026 Google pointed
 * gemini-pro-latest at Gemini 3.1 Pro (in March) and gemini-flash-latest at Gemini 3.5 Flash (at its release
 * in June); where gemini-flash-lite-latest points we found no word of, so it is taken, like the others, for
 * the newest family agate knows: Gemini 3. Should Google move them past it, Gemini 3's settings (thinking
 * levels, signatures) stay the nearest guess. Versioned names (gemini-2.5-flash-latest) keep their family.
 */
const ROLLING_LATEST = /(^|\/)gemini-(pro|flash|flash-lite)-latest$/;

export const isGemini3 = (model: string): boolean => GEMINI_3.test(model) || ROLLING_LATEST.test(model);

export const isGemini2_5 = (model: string): boolean => GEMINI_2_5.test(model);

/** A Pro model of any version, or the rolling gemini-pro-latest. */
export const isPro = (model: string): boolean => PRO.test(model);

export const isMediaModel = (model: string): boolean => MEDIA.test(model);

/** Gemini 3 Pro itself (3.0), not a later 3.x Pro. */
export const isGemini3_0Pro = (model: string): boolean => GEMINI_3_0_PRO.test(model);

/** A Flash model of any version, not Flash-Lite (gemini-flash-latest included). */
export const isFlash = (model: string): boolean => FLASH.test(model);

/** A Flash-Lite model of any version, or the rolling gemini-flash-lite-latest. */
export const isFlashLite = (model: string): boolean => FLASH_LITE.test(model);

/** The rolling gemini-flash-latest (which follows Google's newest Flash). */
export const isRollingFlash = (model: string): boolean => ROLLING_FLASH.test(model);

/**
 * The minor version of a Gemini 3 Flash (or Flash-Lite) name: 0 for gemini-3-flash-preview, 5 for
 * gemini-3.5-flash; undefined for any other name (the rolling names included).
 */
export function flash3Minor(model: string): number | undefined {
  const flash = FLASH_3_VERSION.exec(model);
  return flash === null ? undefined : Number(flash[2] ?? 0);
}

/** Thinking budgets (tokens) for Gemini 2.5 models, by reasoning effort. */
export const BUDGET_BY_EFFORT: Readonly<Record<ReasoningEffort, number>> = {
  minimal: 0,
  low: 1_024,
  medium: 8_192,
  high: 24_576,
};
/** 2.5 Pro cannot turn thinking off; 128 is its smallest budget. */
export const PRO_MINIMUM_BUDGET = 128;

/**
 * The thinkingBudget range of the 2.5 text models that think by default: Flash 0 (off) to 24,576, Pro 128
 * to 32,768. Flash-Lite (which does not think unless given a budget) and the rest: undefined.
 */
export function budgetRangeOf(model: string): { least: number; largest: number } | undefined {
  if (!isGemini2_5(model) || isMediaModel(model)) return undefined;
  if (isPro(model)) return { least: PRO_MINIMUM_BUDGET, largest: 32_768 };
  if (isFlash(model)) return { least: 0, largest: 24_576 };
  return undefined;
}
