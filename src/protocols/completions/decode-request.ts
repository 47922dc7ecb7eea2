import { invalidRequest } from "../../errors.js";
import type { GenerateRequest, GenerationSettings } from "../../hub/types.js";
import { logitBiasOf } from "../logit-bias.js";
import { reasoningSettingsOf } from "../reasoning-effort.js";
import { stopSequences } from "../stop-sequences.js";
import { zodErrorToRequestError } from "../zod-issues.js";
import { type CompletionRequest, completionRequestSchema } from "./request-schema.js";

/** Gemini holds one conversation per call, so each prompt is its own upstream call: at most this many. */
export const MAX_PROMPTS = 16;

export interface DecodeContext {
  /** x-session-id header, when the client sent one. */
  sessionHeader?: string;
}

export interface DecodedCompletion {
  requestedModel: string;
  /** One GenerateRequest per prompt, in prompt order (model still the client's name: routing sets it). */
  requests: GenerateRequest[];
  /** Choices per prompt (`n`): prompt p's candidate c is choice p × n + c, as OpenAI numbers them. */
  choicesPerPrompt: number;
  stream: boolean;
  includeUsage: boolean;
}

/** A legacy Completions body → one GenerateRequest per prompt, each a single user turn. */
export function decodeCompletionRequest(body: unknown, context: DecodeContext = {}): DecodedCompletion {
  const parsed = completionRequestSchema.safeParse(body);
  if (!parsed.success) throw zodErrorToRequestError(parsed.error);
  const completion = parsed.data;
  refuseUnsupported(completion);
  const prompts = typeof completion.prompt === "string" ? [completion.prompt] : completion.prompt;
  if (prompts.length > MAX_PROMPTS) {
    throw invalidRequest(
      `'prompt' holds ${prompts.length} prompts; at most ${MAX_PROMPTS} are accepted, since Gemini answers ` +
        "one conversation per call and each prompt becomes its own upstream call. Split the batch.",
      "prompt",
    );
  }
  const settings = decodeSettings(completion);
  const stream = completion.stream === true;
  const sessionKey = completion.prompt_cache_key ?? context.sessionHeader ?? completion.user ?? "";
  const requests = prompts.map(
    (prompt): GenerateRequest => ({
      requestedModel: completion.model,
      model: completion.model,
      turns: [{ role: "user", parts: [{ type: "text", text: prompt }] }],
      settings: { ...settings },
      stream,
      ...(sessionKey === "" ? {} : { sessionKey }),
    }),
  );
  return {
    requestedModel: completion.model,
    requests,
    choicesPerPrompt: settings.candidateCount ?? 1,
    stream,
    includeUsage: completion.stream_options?.include_usage === true,
  };
}

/** Fields whose meaning Gemini cannot honour: refused rather than silently dropped (contract §5, §8). */
function refuseUnsupported(completion: CompletionRequest): void {
  if (completion.suffix != null && completion.suffix !== "") {
    throw invalidRequest(
      "'suffix' (insertion) is not supported: Gemini has no fill-in-the-middle.",
      "suffix",
    );
  }
  if (completion.echo === true) {
    throw invalidRequest("'echo' is not supported: the answer cannot repeat the prompt. Omit it.", "echo");
  }
  if (completion.best_of != null && completion.best_of > 1) {
    throw invalidRequest(
      "'best_of' greater than 1 is not supported: Gemini does not rank candidates. Use 'n' instead.",
      "best_of",
    );
  }
}

function decodeSettings(completion: CompletionRequest): GenerationSettings {
  const settings: GenerationSettings = {};
  if (completion.max_tokens != null) {
    settings.maxOutputTokens = completion.max_tokens;
    settings.maxTokensNamedMaxTokens = true;
  }
  if (completion.temperature != null) settings.temperature = completion.temperature;
  if (completion.top_p != null) settings.topP = completion.top_p;
  if (completion.stop != null) settings.stop = stopSequences(completion.stop);
  const logitBias = logitBiasOf(completion.logit_bias);
  if (logitBias !== undefined) settings.logitBias = logitBias;
  if (completion.seed != null) settings.seed = completion.seed;
  if (completion.presence_penalty != null) settings.presencePenalty = completion.presence_penalty;
  if (completion.frequency_penalty != null) settings.frequencyPenalty = completion.frequency_penalty;
  if (completion.n != null && completion.n > 1) settings.candidateCount = completion.n;
  if (completion.logprobs != null) {
    settings.logprobs = true;
    if (completion.logprobs > 0) settings.topLogprobs = completion.logprobs;
  }
  if (completion.reasoning_effort != null)
    Object.assign(settings, reasoningSettingsOf(completion.reasoning_effort));
  return settings;
}
