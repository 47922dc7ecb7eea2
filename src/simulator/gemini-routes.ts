import { type Exchange, sendGoogleError } from "./exchange.js";
import { generationPayload, refusalOf } from "./generation.js";
import {
  apiKeyInvalid,
  apiKeyMissing,
  invalidArgument,
  methodNotFound,
  modelNotFound,
} from "./google-error.js";
import { isObject } from "./http-io.js";
import { listModelsPage } from "./model-pages.js";
import { geminiModelResource, type ResolvedModel } from "./models.js";
import { jsonPayload } from "./payload.js";
import { malformedJsonMessage, readGenerateRequest } from "./request-validation.js";
import { serve } from "./respond.js";
import type { RuleContext } from "./scripts.js";
import { estimatePromptTokens } from "./token-estimate.js";
import type { GoogleErrorBody } from "./types.js";

/** The Gemini API (upstreams.md §A), keyed by `x-goog-api-key` (or `?key=`, which Google also takes). */
export async function handleGemini(exchange: Exchange): Promise<void> {
  const { route, state } = exchange;
  if (route.operation === "unknown") return sendGoogleError(exchange, methodNotFound());
  const apiKey = exchange.headers["x-goog-api-key"] ?? exchange.query.get("key") ?? "";
  if (apiKey === "") return sendGoogleError(exchange, apiKeyMissing());
  if (apiKey.startsWith("invalid")) return sendGoogleError(exchange, apiKeyInvalid());
  if (exchange.bodyMalformed) return sendGoogleError(exchange, invalidArgument(malformedJsonMessage));
  const context: RuleContext = {
    kind: "gemini",
    operation: route.operation,
    stream: route.stream,
    apiKey,
    ...(route.model === undefined ? {} : { model: route.model }),
  };
  if (route.operation === "listModels") {
    const page = listModelsPage(state.models, exchange.query);
    if (!page.ok) return sendGoogleError(exchange, invalidArgument(page.message));
    return serve(exchange, context, () => jsonPayload(page.body));
  }
  const { model, known } = state.models.lookup(route.model ?? "");
  const refusal = known ? undefined : modelNotFound(model.id);
  if (route.operation === "getModel") {
    return serve(exchange, context, () => jsonPayload(geminiModelResource(model)), refusal);
  }
  if (route.operation === "countTokens") return countTokens(exchange, context, refusal);
  return generate(exchange, context, model, refusal);
}

async function generate(
  exchange: Exchange,
  context: RuleContext,
  model: ResolvedModel,
  refusal: GoogleErrorBody | undefined,
): Promise<void> {
  const checked = readGenerateRequest(exchange.body);
  if (!checked.ok) return sendGoogleError(exchange, invalidArgument(checked.message));
  const request = checked.value;
  const refused = refusalOf(model, request, exchange.state.signatures);
  if (refused) return sendGoogleError(exchange, refused);
  const target = { model, request, stream: context.stream, envelope: "none" } as const;
  return serve(
    exchange,
    context,
    (reply) => generationPayload(exchange.state.signatures, target, reply),
    refusal,
  );
}

/** `{contents}` or `{generateContentRequest}` → `{totalTokens}`. */
async function countTokens(
  exchange: Exchange,
  context: RuleContext,
  refusal: GoogleErrorBody | undefined,
): Promise<void> {
  const body = exchange.body;
  const inner = isObject(body) && isObject(body.generateContentRequest) ? body.generateContentRequest : body;
  const checked = readGenerateRequest(inner, "CountTokensRequest");
  if (!checked.ok) return sendGoogleError(exchange, invalidArgument(checked.message));
  const totalTokens = estimatePromptTokens(checked.value);
  const details = [{ modality: "TEXT", tokenCount: totalTokens }];
  return serve(exchange, context, () => jsonPayload({ totalTokens, promptTokensDetails: details }), refusal);
}
