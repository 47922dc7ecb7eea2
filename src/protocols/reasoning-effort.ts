import { z } from "zod";
import type { GenerationSettings, ReasoningEffort } from "../hub/types.js";

/**
 * The reasoning efforts OpenAI's APIs take (chat's `reasoning_effort`, Responses' `reasoning.effort`), each
 * as the nearest one Gemini has: `none` asks for the least thinking (none where the model can turn it off),
 * `xhigh` and `max` for the most.
 */
const NEAREST: Readonly<Record<OpenAIReasoningEffort, ReasoningEffort>> = {
  none: "minimal",
  minimal: "minimal",
  low: "low",
  medium: "medium",
  high: "high",
  xhigh: "high",
  max: "high",
};

export const reasoningEffortSchema = z.enum(["none", "minimal", "low", "medium", "high", "xhigh", "max"]);
export type OpenAIReasoningEffort = z.infer<typeof reasoningEffortSchema>;

export const reasoningEffortOf = (effort: OpenAIReasoningEffort): ReasoningEffort => NEAREST[effort];

/**
 * The hub settings for a client's effort. `none` also wants no thoughts shown: Gemini 3 and 2.5 Pro cannot
 * stop thinking, but a client that said none sees no reasoning, whatever the model did.
 */
export function reasoningSettingsOf(
  effort: OpenAIReasoningEffort,
): Pick<GenerationSettings, "reasoningEffort" | "includeReasoning"> {
  return effort === "none"
    ? { reasoningEffort: NEAREST.none, includeReasoning: false }
    : { reasoningEffort: NEAREST[effort] };
}
