import type { GenerationSettings, ReasoningEffort } from "../../hub/types.js";
import { convertResponseSchema } from "./convert-json-schema.js";
import { BUDGET_BY_EFFORT, isGemini2_5, isGemini3, isPro, PRO_MINIMUM_BUDGET } from "./model-families.js";
import { thinkingLevelFor } from "./thinking-levels.js";
import { thinkingWithinLimit } from "./thinking-within-limit.js";
import type { GeminiGenerationConfig } from "./wire-types.js";

const NOT_THINKING = /(^|\/)(gemini-(1\.0|1\.5|2\.0)-|gemini-pro(-vision)?$|gemma-)/;

/** Hub generation settings → Gemini generationConfig for `model` (thinking differs per model family). */
export function encodeSettings(settings: GenerationSettings, model: string): GeminiGenerationConfig {
  const config: GeminiGenerationConfig = {};
  if (settings.temperature !== undefined) config.temperature = settings.temperature;
  if (settings.topP !== undefined) config.topP = settings.topP;
  if (settings.maxOutputTokens !== undefined) config.maxOutputTokens = settings.maxOutputTokens;
  if (settings.stop !== undefined && settings.stop.length > 0) config.stopSequences = settings.stop;
  if (settings.seed !== undefined) config.seed = int32Seed(settings.seed);
  // A zero penalty changes nothing: left out, for the families that refuse any penalty (refused-settings.ts).
  if (settings.presencePenalty !== undefined && settings.presencePenalty !== 0)
    config.presencePenalty = settings.presencePenalty;
  if (settings.frequencyPenalty !== undefined && settings.frequencyPenalty !== 0)
    config.frequencyPenalty = settings.frequencyPenalty;
  if (settings.candidateCount !== undefined) config.candidateCount = settings.candidateCount;
  if (settings.logprobs === true) {
    config.responseLogprobs = true;
    if (settings.topLogprobs !== undefined && settings.topLogprobs > 0)
      config.logprobs = settings.topLogprobs;
  }
  const format = settings.responseFormat;
  if (format?.type === "json") config.responseMimeType = "application/json";
  if (format?.type === "json-schema") {
    config.responseMimeType = "application/json";
    const schema = convertResponseSchema(format.schema);
    if (schema !== undefined) config.responseSchema = schema;
  }
  if (settings.reasoningEffort !== undefined) {
    // A model that cannot think answers as it would without an effort: Gemini refuses any thinking config there.
    if (!cannotThink(model))
      config.thinkingConfig = thinkingConfig(
        settings.reasoningEffort,
        model,
        settings.includeReasoning !== false,
      );
  }
  // No effort: the model thinks as it would, within half of a limit the client set (thinking-within-limit.ts),
  // and shows its thoughts when they are asked for (a Responses `reasoning.summary`).
  else {
    const limited =
      settings.maxOutputTokens === undefined
        ? undefined
        : thinkingWithinLimit(settings.maxOutputTokens, model);
    const turnedOff = limited !== undefined && "thinkingBudget" in limited && limited.thinkingBudget === 0;
    const withThoughts = settings.includeReasoning === true && thinks(model) && !turnedOff;
    if (limited !== undefined || withThoughts)
      config.thinkingConfig = { ...(withThoughts ? { includeThoughts: true } : {}), ...limited };
  }
  return config;
}

/**
 * Gemini's seed is an int32 (a seed outside is a 400 naming nothing), OpenAI's an int64. One outside is folded
 * to its low 32 bits as a two's-complement int32 (what casting a 64-bit integer to 32 bits does): the same seed
 * always gives the same upstream seed, and an int32 seed is sent as it is.
 */
const int32Seed = (seed: number): number => seed | 0;

/** The families that think (Gemini refuses a thinking config from the others). */
const thinks = (model: string): boolean => isGemini3(model) || isGemini2_5(model);

/**
 * The families known not to think: Gemini 1.0 (also named `gemini-pro`), 1.5 and 2.0 (but 2.0's experimental
 * `-thinking-` models), and Gemma. A name outside them and outside `thinks` (a tuned model, a name agate
 * does not know yet) keeps its thinking config: the model may well think.
 */
const cannotThink = (model: string): boolean => NOT_THINKING.test(model) && !model.includes("thinking");

/**
 * The thinking an effort asks for. `withThoughts`: the client wants the thoughts as text; without, they are
 * not asked for (Gemini still returns the thought signatures, on the parts they belong to).
 */
function thinkingConfig(
  effort: ReasoningEffort,
  model: string,
  withThoughts: boolean,
): NonNullable<GeminiGenerationConfig["thinkingConfig"]> {
  if (isGemini3(model)) {
    return {
      includeThoughts: withThoughts,
      thinkingLevel: thinkingLevelFor(effort, model),
    };
  }
  const budget = Math.max(BUDGET_BY_EFFORT[effort], isPro(model) ? PRO_MINIMUM_BUDGET : 0);
  return { includeThoughts: withThoughts && budget > 0, thinkingBudget: budget };
}
