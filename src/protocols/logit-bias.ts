import { z } from "zod";
import { invalidRequest } from "../errors.js";

/**
 * OpenAI's `logit_bias` (chat and legacy completions): token ids → a bias added to their logits. Gemini has no
 * token biasing, and OpenAI's token ids mean nothing to its tokenizer, so a bias would change the answer and
 * cannot be honoured (contract §5). The empty object some clients send by default biases nothing and passes.
 */
export const logitBiasSchema = z.record(z.string(), z.unknown(), {
  error: "expected an object mapping token ids to biases",
});

export function refuseLogitBias(bias: Readonly<Record<string, unknown>> | null | undefined): void {
  if (bias == null) return;
  for (const _tokenId in bias) {
    throw invalidRequest(
      "'logit_bias' is not supported: Gemini has no token biasing (and OpenAI token ids mean nothing to it). " +
        "Omit it or send {}; to steer the answer, say what you want in the prompt.",
      "logit_bias",
    );
  }
}
