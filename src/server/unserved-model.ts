import { AgateError } from "../errors.js";
import type { GenerateRequest } from "../hub/types.js";
import type { ModelRouter } from "../routing/model-router.js";
import { unservedModelAdvice } from "../routing/unserved-model-advice.js";

/**
 * A model-not-found from the pool (the upstream's 404, upstream-error-to-client.ts) for a name agate mapped
 * (model_mapping, the built-in aliases): the same error, status and code, its message opened by which
 * mapping led there and how to change it. Routed again only on this failure, and left as it is when the
 * mapping changed meanwhile (the admin API) and no longer leads to the model that was asked for.
 */
export function withRouteAdvice(error: unknown, router: ModelRouter, request: GenerateRequest): unknown {
  if (!(error instanceof AgateError) || error.code !== "model_not_found") return error;
  const route = router.route(request.requestedModel);
  if (route.upstream !== request.model) return error;
  const advice = unservedModelAdvice(route);
  if (advice === undefined) return error;
  return new AgateError(`${advice} ${error.message}`, {
    status: error.status,
    type: error.type,
    code: error.code,
    param: error.param,
    clientRetry: error.clientRetry,
    ...(error.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: error.retryAfterSeconds }),
    ...(error.cause === undefined ? {} : { cause: error.cause }),
  });
}
