import { type AgateError, invalidRequest } from "../../errors.js";
import type { GenerateRequest } from "../../hub/types.js";
import { isGemini2_5, isGemini3 } from "./model-families.js";

/** The most stop sequences Gemini takes. */
const MAX_STOP_SEQUENCES = 5;

/**
 * A setting the routed model's family refuses and whose loss would change the answer (contract §5), as the
 * client's 400 naming the OpenAI param it came from (chat and legacy completions name them alike), found
 * before any upstream call; undefined when Gemini takes the request. Only families known to refuse are
 * refused: a name agate does not know is sent as the client asked.
 *
 * - A non-zero `presence_penalty` / `frequency_penalty` on Gemini 2.5 and 3: "Penalty is not enabled for
 *   models/…" (Gemini 2.0, shut down in 2026, had them; a zero, which changes nothing, is left out by encodeSettings).
 * - A `logit_bias` on any token, on every Gemini model: Gemini has no token biasing, and OpenAI's token ids
 *   mean nothing to its tokenizer.
 * - More than 5 `stop` sequences, on every Gemini model: Gemini refuses more (OpenAI documents 4, so no
 *   OpenAI client needs more).
 *
 * `n` > 1 on Gemini 3, which Gemini refuses too ("Multiple candidates is not enabled for this model"), is not
 * refused: the spoke makes one call per choice (one-call-per-choice.ts).
 */
export function refusedSetting({ settings, model }: GenerateRequest): AgateError | undefined {
  if (settings.logitBias !== undefined) {
    return invalidRequest(
      "'logit_bias' is not supported: Gemini has no token biasing (and OpenAI token ids mean nothing to it). " +
        "Omit it or send {}; to steer the answer, say what you want in the prompt.",
      "logit_bias",
    );
  }
  const stops = settings.stop?.length ?? 0;
  if (stops > MAX_STOP_SEQUENCES) {
    return invalidRequest(
      `'stop' may hold at most ${MAX_STOP_SEQUENCES} stop sequences for Gemini; this one has ${stops}. Send the ${MAX_STOP_SEQUENCES} that matter most.`,
      "stop",
    );
  }
  const penalty =
    (settings.presencePenalty ?? 0) !== 0
      ? "presence_penalty"
      : (settings.frequencyPenalty ?? 0) !== 0
        ? "frequency_penalty"
        : undefined;
  if (penalty !== undefined && (isGemini2_5(model) || isGemini3(model))) {
    return invalidRequest(
      `'${penalty}' is not supported by '${model}': Gemini 2.5 and 3 models have no presence or frequency ` +
        "penalties (Gemini refuses any value but 0). Omit it, or map the model (model_mapping) to one that " +
        "has them (an OpenAI-compatible account's model).",
      penalty,
      "unsupported_value",
    );
  }
  return undefined;
}
