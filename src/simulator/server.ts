import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { handleCloudCode } from "./cloudcode-routes.js";
import { handleControl } from "./control-routes.js";
import type { Exchange } from "./exchange.js";
import { handleGemini } from "./gemini-routes.js";
import { googleError, methodNotFound } from "./google-error.js";
import { flattenHeaders, isObject, parseBody, readBody, sendJson } from "./http-io.js";
import { bareModelId } from "./models.js";
import { handleOAuth } from "./oauth-routes.js";
import { matchRoute, type RouteMatch } from "./route-table.js";
import type { RecordedRequest } from "./simulator-types.js";
import type { SimulatorState } from "./state.js";

/** A plain node:http server: read the body, route, record, answer. */
export function createSimulatorServer(state: SimulatorState): Server {
  return createServer((request, response) => {
    handleRequest(state, request, response).catch(() => {
      if (!response.headersSent) sendJson(response, 500, googleError(500));
      else response.destroy();
    });
  });
}

async function handleRequest(state: SimulatorState, request: IncomingMessage, response: ServerResponse) {
  const raw = await readBody(request);
  const url = new URL(request.url ?? "/", "http://simulator.invalid");
  const method = request.method ?? "GET";
  const parsed = parseBody(raw, request.headers["content-type"]);
  const route = withBodyModel(matchRoute(method, url.pathname), parsed.body);
  const headers = flattenHeaders(request.headers);
  const recorded: RecordedRequest = {
    method,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers,
    body: parsed.body,
    kind: route.kind,
    ...(route.model === undefined ? {} : { model: route.model }),
    stream: route.stream,
    receivedAt: Date.now(),
  };
  state.record(recorded);
  // For cancellation tests: when the answer ended, and whether it was complete or the caller went away.
  response.once("close", () => {
    recorded.closedAt = Date.now();
    recorded.finished = response.writableFinished;
  });
  const exchange: Exchange = {
    request,
    response,
    state,
    route,
    query: url.searchParams,
    headers,
    body: parsed.body,
    bodyMalformed: parsed.malformed,
  };
  await dispatch(exchange);
}

function dispatch(exchange: Exchange): Promise<void> {
  switch (exchange.route.kind) {
    case "gemini":
      return handleGemini(exchange);
    case "cloudcode":
      return handleCloudCode(exchange);
    case "oauth":
      return handleOAuth(exchange);
    case "control":
      return handleControl(exchange);
    default:
      sendJson(exchange.response, 404, methodNotFound());
      return Promise.resolve();
  }
}

/** Cloud Code names the model in the body: `model`, or `request.model` for countTokens. */
function withBodyModel(route: RouteMatch, body: unknown): RouteMatch {
  if (route.kind !== "cloudcode" || !isObject(body)) return route;
  const named = body.model ?? (isObject(body.request) ? body.request.model : undefined);
  return typeof named === "string" && named !== "" ? { ...route, model: bareModelId(named) } : route;
}
