import type { ReasoningEffort } from "../../hub/types.js";
import {
  flash3Minor,
  isFlashLite,
  isGemini3,
  isGemini3_0Pro,
  isMediaModel,
  isPro,
  isRollingFlash,
} from "./model-families.js";

export type ThinkingLevel = "minimal" | "low" | "medium" | "high";

const ALL_LEVELS: readonly ThinkingLevel[] = ["minimal", "low", "medium", "high"];
const WITHOUT_MINIMAL: readonly ThinkingLevel[] = ["low", "medium", "high"];
const LOW_AND_HIGH: readonly ThinkingLevel[] = ["low", "high"];

/** The first Gemini 3 Flash minor version without `minimal` (3.7). */
const FIRST_FLASH_WITHOUT_MINIMAL = 7;

/**
 * The thinking levels a Gemini 3 text model takes, least first (Google's model pages and thinking table,
 * December 2026): every Flash-Lite, and Flash before 3.7 (3 Flash Preview, 3.5, 3.6), all four; 3.1 Pro,
 * Flash from 3.7 on and the rolling gemini-flash-latest / gemini-pro-latest that follow them, low to high
 * ("Thinking level MINIMAL is not supported for this model"); 3 Pro low and high. Gemini refuses a level a
 * model lacks with a 400. Image, speech and live models, and names agate cannot place: undefined.
 */
export function thinkingLevelsOf(model: string): readonly ThinkingLevel[] | undefined {
  if (!isGemini3(model) || isMediaModel(model)) return undefined;
  if (isFlashLite(model)) return ALL_LEVELS;
  const minor = flash3Minor(model);
  if (minor !== undefined) return minor < FIRST_FLASH_WITHOUT_MINIMAL ? ALL_LEVELS : WITHOUT_MINIMAL;
  if (isRollingFlash(model)) return WITHOUT_MINIMAL;
  // Gemini 3 Pro (3.0) took only low and high; 3.1 Pro added medium.
  if (isGemini3_0Pro(model)) return LOW_AND_HIGH;
  if (isPro(model)) return WITHOUT_MINIMAL;
  return undefined;
}

/**
 * The thinking level a Gemini 3 `model` is sent for a reasoning effort: the level of the same name where the
 * model takes it, else the nearest it takes: `minimal` as `low` (every Gemini 3 model takes low; a name agate
 * does not know gets it too), `medium` to 3 Pro as `high`.
 */
export function thinkingLevelFor(effort: ReasoningEffort, model: string): ThinkingLevel {
  const levels = thinkingLevelsOf(model) ?? UNPLACED;
  if (levels.includes(effort)) return effort;
  return effort === "minimal" ? "low" : "high";
}

/** What a Gemini 3 name agate cannot place (an image, live or experimental model) is sure to take. */
const UNPLACED: readonly ThinkingLevel[] = ["low", "high"];

/** Flash-Lite thinks little unless asked: a small output limit needs no thinking kept from it. */
export const thinksLittleByDefault = isFlashLite;
