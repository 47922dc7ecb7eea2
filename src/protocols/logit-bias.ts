import { z } from "zod";

/**
 * OpenAI's `logit_bias` (chat and legacy completions): token ids → a bias added to their logits (-100 to 100).
 * Kept for an upstream that has it (an OpenAI-compatible one); the Gemini spoke refuses a bias, as Gemini has
 * none (upstream/gemini/refused-settings.ts).
 */
export const logitBiasSchema = z.record(z.string(), z.number().min(-100).max(100), {
  error: "expected an object mapping token ids to biases from -100 to 100",
});

/**
 * The bias to keep: none for null, `{}` (which clients send by default) or biases that are all 0 — none of
 * which biases anything, as a zero penalty changes nothing.
 */
export function logitBiasOf(
  bias: Readonly<Record<string, number>> | null | undefined,
): Readonly<Record<string, number>> | undefined {
  if (bias == null) return undefined;
  for (const tokenId in bias) if (bias[tokenId] !== 0) return bias;
  return undefined;
}
