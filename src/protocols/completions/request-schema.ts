import { z } from "zod";
import { choiceCountSchema } from "../choice-count.js";
import { logitBiasSchema } from "../logit-bias.js";
import { reasoningEffortSchema } from "../reasoning-effort.js";
import { seedSchema } from "../seed.js";
import { stopSchema } from "../stop-sequences.js";

/**
 * The legacy Completions request fields agate reads. Lenient at the edge like chat: unknown fields pass
 * (and are ignored); what is read is validated so a bad value gets a 400 naming its param. `suffix`,
 * `echo` and `best_of` are read only to be refused when set (decode-request.ts); `logit_bias` is kept for an
 * upstream that has it (the Gemini spoke refuses a bias).
 */
/** An empty prompt is answered, as OpenAI answers it (the Gemini spoke sends the least text Gemini takes). */
const promptText = z.string();

export const completionRequestSchema = z.looseObject({
  model: z
    .string({ error: "expected the model name as a string" })
    .min(1, "the model name must not be empty"),
  prompt: z.union([promptText, z.array(promptText).min(1, "at least one prompt is required")], {
    error: "expected a string or an array of strings (token ids are not supported: send the prompt as text)",
  }),
  suffix: z.string().nullish(),
  echo: z.boolean().nullish(),
  best_of: z.number().int().min(1).max(20).nullish(),
  logit_bias: logitBiasSchema.nullish(),
  logprobs: z.number().int().min(0).max(5).nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
  max_tokens: z.number().int().positive().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  stop: stopSchema.nullish(),
  n: choiceCountSchema.nullish(),
  seed: seedSchema.nullish(),
  presence_penalty: z.number().min(-2).max(2).nullish(),
  frequency_penalty: z.number().min(-2).max(2).nullish(),
  /** Not in the legacy API; accepted as in chat so a thinking model's effort can be chosen. */
  reasoning_effort: reasoningEffortSchema.nullish(),
  user: z.string().nullish(),
  prompt_cache_key: z.string().nullish(),
});

export type CompletionRequest = z.infer<typeof completionRequestSchema>;
