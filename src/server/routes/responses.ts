import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { badUpstream, invalidRequest, notFound } from "../../errors.js";
import { IgnoredFields } from "../../protocols/ignored-fields.js";
import { sealSummary, unsealSummary } from "../../protocols/responses/compaction-seal.js";
import { parseResponsesRequest } from "../../protocols/responses/decode-request.js";
import {
  encodeResponseJson,
  encodeResponseStream,
  type FinishedResponse,
  responseOf,
} from "../../protocols/responses/encode.js";
import { includeOfQuery } from "../../protocols/responses/include-query.js";
import { type InputItemsQuery, inputItemsPage } from "../../protocols/responses/input-items-page.js";
import { shownResponse } from "../../protocols/responses/kept-code-outputs.js";
import { listedInputItem } from "../../protocols/responses/listed-items.js";
import { responsesRequestSchema } from "../../protocols/responses/request-schema.js";
import { ResponseSaves } from "../../store/response-saves.js";
import type { ResponsesRepository } from "../../store/responses-repository.js";
import type { AppDependencies } from "../app.js";
import { compactionKeySource } from "../compaction-key.js";
import { logIgnoredFields, sendEventStream, streamFailure } from "../generation-route.js";
import { registerCompactRoute } from "./responses-compact.js";
import { httpResponseEnvironment, prepareResponse, type ResponsesServices } from "./responses-prepare.js";
import { registerResponsesWebSocket } from "./responses-websocket.js";

/**
 * POST /v1/responses (and /responses), GET/DELETE /v1/responses/{id}, GET .../input_items (contract §9), POST
 * .../cancel (nothing runs in the background: a background response has ended when its POST returns), plus
 * the WebSocket transport (GET /v1/responses upgraded) and POST /v1/responses/compact.
 */
export function registerResponsesRoutes(
  app: FastifyInstance,
  deps: AppDependencies,
  store: ResponsesRepository,
): void {
  const compactionKey = compactionKeySource(deps.config, (message) => app.log.warn(message));
  const services: ResponsesServices = {
    store,
    saves: new ResponseSaves(store),
    unseal: (sealed) => unsealSummary(sealed, compactionKey()),
    seal: (summary) => sealSummary(summary, compactionKey()),
  };
  const ignored = new IgnoredFields(Object.keys(responsesRequestSchema.shape));
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    logIgnoredFields(request, ignored);
    return createResponse(request, reply, deps, services);
  };
  app.post("/v1/responses", handler);
  app.post("/responses", handler);
  registerResponsesWebSocket(app, deps, services);
  registerCompactRoute(app, deps, services, ignored);

  app.get<{ Params: { id: string }; Querystring: { stream?: string } & Record<string, unknown> }>(
    "/v1/responses/:id",
    async (request) => {
      const found = findOr404(store, request.params.id);
      // Resuming a stream is for background responses; a JSON answer would read as an empty stream.
      if (request.query.stream === "true") {
        throw invalidRequest(
          found.response.background === true
            ? "agate answers background responses in the foreground and keeps none of their events to stream again: this one has ended. Retrieve it without 'stream'."
            : "Only responses created with background: true can be streamed again, and agate answers every response in the foreground. Retrieve this one without 'stream'.",
          "stream",
        );
      }
      const include = includeOfQuery(request.query);
      return shownResponse(found.response, include.has("code_interpreter_call.outputs"));
    },
  );

  app.delete<{ Params: { id: string } }>("/v1/responses/:id", async (request) => {
    if (!store.delete(request.params.id)) throw responseNotFound(request.params.id);
    return { id: request.params.id, object: "response", deleted: true };
  });

  // Only a background response can be cancelled. agate's have ended when their POST returns: cancelling one
  // gives it back as it is, as OpenAI answers the cancel of a background response that has ended.
  app.post<{ Params: { id: string } }>("/v1/responses/:id/cancel", async (request) => {
    const found = findOr404(store, request.params.id);
    if (found.response.background === true) return shownResponse(found.response);
    throw invalidRequest(
      "Only responses created with background: true can be cancelled, and agate answers every response in the foreground: this one has ended already. To stop a response, close its connection.",
    );
  });

  app.get<{ Params: { id: string }; Querystring: InputItemsQuery & Record<string, unknown> }>(
    "/v1/responses/:id/input_items",
    async (request) => {
      const stored = findOr404(store, request.params.id);
      const showKept = includeOfQuery(request.query).has("code_interpreter_call.outputs");
      const page = inputItemsPage(stored.inputItems, request.query);
      return { ...page, data: page.data.map((item) => listedInputItem(item, showKept)) };
    },
  );
}

async function createResponse(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: AppDependencies,
  services: ResponsesServices,
): Promise<unknown> {
  const body = parseResponsesRequest(request.body);
  // A response that will be stored: while others are in flight, the saves are grouped (ResponseSaves).
  const saving = body.store !== false;
  if (saving) services.saves.enter();
  // A stream leaves when its connection closes, not when this function returns (with its first frame).
  let leavesOnClose = false;
  try {
    const prepared = await prepareResponse(body, httpResponseEnvironment(request, reply, deps, services));
    if (!prepared.stream) {
      const finished =
        prepared.whole === undefined
          ? await encodeResponseJson(prepared.events, prepared.context)
          : responseOf(prepared.whole, prepared.context);
      // Saved before the answer goes out, so that a previous_response_id sent at once finds it.
      if (saving) await services.saves.save(prepared.record(finished));
      // A background client reads the outcome from the Response it polls, as it would have after a poll.
      if (finished.state.status === "failed" && body.background !== true)
        throw failedAnswer(finished, saving);
      // The JSON made for the store: the Response is not serialised a second time by fastify.
      return reply.type("application/json; charset=utf-8").send(finished.json.whole);
    }
    // Saved before the terminal event goes out, for the same reason.
    const save = (finished: FinishedResponse) =>
      saving ? services.saves.save(prepared.record(finished)) : undefined;
    const failure = streamFailure(request, deps.config.body_limit_bytes);
    const frames = encodeResponseStream(prepared.events, prepared.context, failure, save);
    if (saving) {
      leavesOnClose = true;
      // A client that left while the upstream answered has closed the response already.
      if (reply.raw.closed) services.saves.leave();
      else reply.raw.once("close", () => services.saves.leave());
    }
    return sendEventStream(reply, frames, deps.config.stream_keepalive_ms);
  } finally {
    if (saving && !leavesOnClose) services.saves.leave();
  }
}

/**
 * A foreground answer that failed (a finish such as MALFORMED_FUNCTION_CALL): an HTTP error, as OpenAI answers
 * one and as chat does, so that the SDKs throw rather than hand over a Response whose status says so. The
 * failed response stays stored, as a stream's would.
 */
function failedAnswer(finished: FinishedResponse, stored: boolean) {
  const message = finished.state.error?.message ?? "The upstream answer failed.";
  const kept = stored ? ` The failed response is kept as '${finished.state.id}'.` : "";
  return badUpstream(`${message}${kept}`, "upstream_finish_reason");
}

const responseNotFound = (id: string) =>
  notFound(`Response with id '${id}' not found.`, "response_not_found", "response_id");

function findOr404(store: ResponsesRepository, id: string) {
  const stored = store.find(id);
  if (stored === undefined) throw responseNotFound(id);
  return stored;
}
