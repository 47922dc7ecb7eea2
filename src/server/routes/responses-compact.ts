import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { badUpstream } from "../../errors.js";
import type { IgnoredFields } from "../../protocols/ignored-fields.js";
import {
  compactionObject,
  compactionRequest,
  summaryText,
  userMessages,
} from "../../protocols/responses/compaction.js";
import { parseResponsesRequest } from "../../protocols/responses/decode-request.js";
import { encodeResponseJson } from "../../protocols/responses/encode.js";
import type { AppDependencies } from "../app.js";
import { logIgnoredFields } from "../generation-route.js";
import { storedId } from "../ids.js";
import { httpResponseEnvironment, prepareResponse, type ResponsesServices } from "./responses-prepare.js";

/**
 * POST /v1/responses/compact (and /responses/compact): the conversation (`input`, `instructions`,
 * `previous_response_id`) is summarised by the model in one non-streaming call through the pool, and the
 * summary comes back sealed in a `compaction` item, after the conversation's user messages, as OpenAI does.
 * A later request with that item in its `input` gets the summary back as a user turn. Nothing is stored.
 */
export function registerCompactRoute(
  app: FastifyInstance,
  deps: AppDependencies,
  services: ResponsesServices,
  ignored: IgnoredFields,
): void {
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    logIgnoredFields(request, ignored);
    return compact(request, reply, deps, services);
  };
  app.post("/v1/responses/compact", handler);
  app.post("/responses/compact", handler);
}

async function compact(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: AppDependencies,
  services: ResponsesServices,
): Promise<Record<string, unknown>> {
  const body = { ...parseResponsesRequest(request.body), stream: false };
  const environment = httpResponseEnvironment(request, reply, deps, services);
  const prepared = await prepareResponse(body, environment, { adapt: compactionRequest });
  const finished = await encodeResponseJson(prepared.events, prepared.context);
  const summary = summaryText(finished.state.output);
  if (finished.state.status !== "completed" || summary === "") {
    throw badUpstream(
      `The model gave no usable summary (status ${finished.state.status}); try the compaction again.`,
      "compaction_failed",
    );
  }
  return compactionObject({
    id: prepared.context.id,
    createdAt: prepared.context.createdAt,
    userMessages: userMessages([...prepared.history, ...prepared.input], storedId),
    compactionItemId: storedId("cmp"),
    encryptedContent: services.seal(summary),
    usage: finished.object.usage ?? null,
  });
}
