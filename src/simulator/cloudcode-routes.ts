import { availableModelsBody, loadCodeAssistBody, onboardUserStep } from "./code-assist-account.js";
import { type Exchange, sendGoogleError } from "./exchange.js";
import { generationPayload, refusalOf } from "./generation.js";
import { invalidArgument, methodNotFound, modelNotFound, unauthenticatedError } from "./google-error.js";
import { bearerToken, isObject } from "./http-io.js";
import type { SimAccount } from "./oauth-tokens.js";
import { jsonPayload } from "./payload.js";
import { malformedJsonMessage, readCodeAssistRequest, readGenerateRequest } from "./request-validation.js";
import { serve } from "./respond.js";
import type { RuleContext } from "./scripts.js";
import { estimatePromptTokens } from "./token-estimate.js";

/** Cloud Code Assist `v1internal` (upstreams.md §B), behind an OAuth access token from our /token. */
export async function handleCloudCode(exchange: Exchange): Promise<void> {
  const { route, state } = exchange;
  if (route.operation === "unknown") return sendGoogleError(exchange, methodNotFound());
  const accessToken = bearerToken(exchange.headers.authorization);
  const access = state.tokens.check(accessToken);
  if (!access.ok) return sendGoogleError(exchange, unauthenticatedError(access.reason));
  if (exchange.bodyMalformed) return sendGoogleError(exchange, invalidArgument(malformedJsonMessage));
  const context: RuleContext = {
    kind: "cloudcode",
    operation: route.operation,
    stream: route.stream,
    ...(accessToken === undefined ? {} : { accessToken }),
    ...(route.model === undefined ? {} : { model: route.model }),
  };
  switch (route.operation) {
    case "generateContent":
    case "streamGenerateContent":
      return generate(exchange, context);
    case "countTokens":
      return countTokens(exchange, context);
    default:
      return accountOperation(exchange, context, access.account);
  }
}

function accountOperation(exchange: Exchange, context: RuleContext, account: SimAccount): Promise<void> {
  switch (context.operation) {
    case "loadCodeAssist":
      return serve(exchange, context, () => jsonPayload(loadCodeAssistBody(account)));
    case "onboardUser":
      return serve(exchange, context, () => jsonPayload(onboardUserStep(account)));
    default:
      return serve(exchange, context, () => jsonPayload(availableModelsBody(exchange.state.models.all)));
  }
}

async function generate(exchange: Exchange, context: RuleContext): Promise<void> {
  const checked = readCodeAssistRequest(exchange.body);
  if (!checked.ok) return sendGoogleError(exchange, invalidArgument(checked.message));
  const { signatures, models } = exchange.state;
  const { model, known } = models.lookup(checked.value.model);
  const request = checked.value.request;
  const refused = refusalOf(model, request, signatures);
  if (refused) return sendGoogleError(exchange, refused);
  const target = { model, request, stream: context.stream, envelope: "cloudcode" } as const;
  const refusal = known ? undefined : modelNotFound(model.id);
  return serve(exchange, context, (reply) => generationPayload(signatures, target, reply), refusal);
}

/** `{request: {model?, contents}}` (model also accepted at the top) → `{totalTokens}`, unwrapped. */
async function countTokens(exchange: Exchange, context: RuleContext): Promise<void> {
  const body = exchange.body;
  if (!isObject(body) || !isObject(body.request)) {
    return sendGoogleError(exchange, invalidArgument('Invalid request: field "request" is required.'));
  }
  const checked = readGenerateRequest(body.request, "request");
  if (!checked.ok) return sendGoogleError(exchange, invalidArgument(checked.message));
  const unknown = context.model !== undefined && exchange.state.models.find(context.model) === undefined;
  const refusal = unknown ? modelNotFound(context.model ?? "") : undefined;
  const totalTokens = estimatePromptTokens(checked.value);
  return serve(exchange, context, () => jsonPayload({ totalTokens }), refusal);
}
