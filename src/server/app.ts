import cors from "@fastify/cors";
import websocket from "@fastify/websocket";
import Fastify, { type FastifyInstance, LogController } from "fastify";
import type { AdminDependencies } from "../admin/admin-room.js";
import { clientKeyStrings } from "../config/client-keys.js";
import type { Config } from "../config/schema.js";
import { forbidden, invalidApiKey } from "../errors.js";
import type { SignatureLookup, SignatureSink } from "../hub/thought-signatures.js";
import { PrettyLog, writesPretty } from "../observability/pretty-log.js";
import { observationOf } from "../observability/request-observation.js";
import type { ModelCatalog } from "../pool/model-catalog.js";
import type { Pool } from "../pool/pool.js";
import type { ModelRouter } from "../routing/model-router.js";
import type { ResponsesRepository } from "../store/responses-repository.js";
import {
  ApiKeyChecker,
  extractApiKey,
  rememberPresentedKey,
  resolveAuthMode,
  routeNeedsKey,
} from "./auth.js";
import { bindsLoopbackOnly } from "./bind-address.js";
import { registerBodyDecompression } from "./body-decompression.js";
import { assertBodyDepth } from "./body-depth.js";
import { answerClientError, MAX_HEADER_BYTES } from "./client-error.js";
import { toAgateError } from "./error-mapper.js";
import { failureLog } from "./failure-log.js";
import { answerFrameworkError } from "./framework-errors.js";
import { HostGuard } from "./host-guard.js";
import type { IdGenerator } from "./ids.js";
import { routeNotFound } from "./not-found.js";
import { isPreflight, preflightRefused } from "./preflight-refusal.js";
import { RefuseWhileClosing } from "./refuse-while-closing.js";
import { lazyRequestLogger } from "./request-logger.js";
import { registerAdminRoutes } from "./routes/admin-routes.js";
import { registerChatCompletionsRoute } from "./routes/chat-completions.js";
import { registerCompletionsRoute } from "./routes/completions.js";
import { registerHealthRoute } from "./routes/health.js";
import { registerModelsRoutes } from "./routes/models.js";
import {
  type ObservabilityDependencies,
  registerObservabilityRoutes,
} from "./routes/observability-routes.js";
import { registerResponsesRoutes } from "./routes/responses.js";
import { urlPath } from "./url-path.js";
import { onWebSocketError } from "./websocket-errors.js";

export interface AppDependencies {
  config: Config;
  pool: Pool;
  router: ModelRouter;
  catalog: ModelCatalog;
  ids: IdGenerator;
  now: () => number;
  /** Thought signatures by tool-call id (Gemini 3 needs them back on replayed calls). */
  signatures: SignatureLookup & SignatureSink;
  /** Stored responses (Responses API: retrieve, delete, previous_response_id). */
  responses: ResponsesRepository;
  /** false for tests; otherwise pino options come from config.log_level. */
  logger?: boolean;
  /** The admin API (/admin/accounts, /admin/model-mapping, /admin/config); absent: not served. */
  admin?: AdminDependencies;
  /** Request log, usage statistics, metrics and the dashboard (absent: none of them, one plain log line). */
  observability?: ObservabilityDependencies;
}

/** What a page may read of an answer beyond the CORS-safelisted headers: agate's, and the SDK's retry advice. */
const EXPOSED_HEADERS = [
  "x-request-id",
  "x-mapped-model",
  "x-account-email",
  "x-agate-attempts",
  "retry-after",
  "x-should-retry",
];

/** The longest Retry-After the official SDKs long treated as a wait worth sleeping through. */
const LONGEST_SDK_WAIT_SECONDS = 60;

/** Builds the gateway: hooks (request id, host guard, CORS, auth), routes, and the one error handler. */
export async function buildApp(deps: AppDependencies): Promise<FastifyInstance> {
  const { config } = deps;
  const app = Fastify({
    logger:
      deps.logger === false
        ? false
        : {
            level: config.log_level,
            redact: {
              paths: [
                "req.headers.authorization",
                'req.headers["x-api-key"]',
                'req.headers["x-goog-api-key"]',
                'req.headers["x-admin-key"]',
                "req.headers.cookie",
              ],
              censor: "[redacted]",
            },
            ...(writesPretty(config.log_format) ? { stream: new PrettyLog() } : {}),
          },
    bodyLimit: config.body_limit_bytes,
    genReqId: () => deps.ids.requestId(),
    childLoggerFactory: lazyRequestLogger,
    logController: new LogController({ disableRequestLogging: true }),
    // refuse-while-closing.ts answers those requests in the OpenAI shape instead.
    return503OnClosing: false,
    // Requests without Host reach the DNS-rebinding guard, which answers in the OpenAI error shape.
    http: { requireHostHeader: false, maxHeaderSize: MAX_HEADER_BYTES },
    clientErrorHandler: answerClientError,
    frameworkErrors: answerFrameworkError,
  });
  // Only JSON bodies: text/plain is refused with 415 like any other non-JSON type.
  app.removeContentTypeParser("text/plain");
  // Before any recursive code sees the body: a 6,000-level body must be a 400, not a stack overflow.
  // The hooks are callback-style: an async hook costs a promise per request (bench/README.md).
  app.addHook("preValidation", (request, _reply, done) => {
    try {
      assertBodyDepth(request.body);
      done();
    } catch (error) {
      done(error as Error);
    }
  });
  registerBodyDecompression(app, config.body_limit_bytes);
  // WebSocket upgrades (the Responses WebSocket) go through the hooks below like any request. Registered
  // first so its own hook marks an upgrade before a guard can refuse it (the socket is then closed).
  await app.register(websocket, {
    options: { maxPayload: config.body_limit_bytes },
    errorHandler: onWebSocketError,
    // Not every socket closed at once when the gateway stops: the Responses WebSocket closes its own, each
    // once its turn in flight has finished (responses-websocket.ts).
    preClose: (done) => done(),
  });

  const observability = deps.observability?.room;
  const hostGuard = bindsLoopbackOnly(config) ? new HostGuard(config.allowed_hosts) : undefined;
  const whileClosing = new RefuseWhileClosing(app);
  app.addHook("onRequest", (request, reply, done) => {
    reply.header("x-request-id", request.id);
    observability?.begin(request, reply);
    const refusal = whileClosing.refusal(reply);
    if (refusal !== undefined) return done(refusal);
    if (hostGuard === undefined || hostGuard.allows(request.headers.host)) return done();
    done(
      forbidden(
        "The Host header names a host agate does not serve while bound to loopback (DNS-rebinding guard). " +
          "Call it as localhost / 127.0.0.1, or add the name to allowed_hosts.",
        "host_not_allowed",
      ),
    );
  });
  if (observability !== undefined) {
    app.addHook("onSend", (request, _reply, payload, done) => {
      observability.sending(request, payload);
      done(null, payload);
    });
  }

  // Without cors_origins no answer varies by Origin: no CORS work on each request (it showed at c=64).
  // A preflight from an origin not listed (any origin, without cors_origins) ends in the not-found
  // handler, with or without the plugin (its OPTIONS route passes it on), which refuses it with a 403.
  if (config.cors_origins.length > 0) {
    const origins = new Set(config.cors_origins);
    await app.register(cors, {
      origin: (origin, callback) =>
        callback(null, origin !== undefined && (origins.has("*") || origins.has(origin))),
      methods: ["GET", "POST", "DELETE", "OPTIONS"],
      exposedHeaders: EXPOSED_HEADERS,
      maxAge: 600,
    });
  }

  const authMode = resolveAuthMode(config);
  if (authMode !== "off") {
    const keys = new ApiKeyChecker(clientKeyStrings(config));
    app.addHook("onRequest", (request, _reply, done) => {
      if (!routeNeedsKey(authMode, request.method, urlPath(request.url))) return done();
      const key = extractApiKey(request.headers);
      if (key === undefined) {
        return done(
          invalidApiKey(
            "Missing API key: send it as 'Authorization: Bearer <key>' (or x-api-key). The keys are agate's api_keys.",
          ),
        );
      }
      const index = keys.indexOf(key);
      if (index < 0) return done(invalidApiKey("Incorrect API key provided. Use one of agate's api_keys."));
      rememberPresentedKey(request.headers, index);
      done();
    });
  }

  // With observability, its one line per request (with the request-log fields) replaces this one.
  if (observability === undefined) {
    app.addHook("onResponse", (request, reply, done) => {
      request.log.info(
        {
          method: request.method,
          url: request.url,
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime),
        },
        "request",
      );
      done();
    });
  }

  app.setErrorHandler(async (error, request, reply) => {
    const agateError = toAgateError(error, {
      bodyLimit: config.body_limit_bytes,
      ...(request.headers["content-type"] === undefined
        ? {}
        : { contentType: request.headers["content-type"] }),
    });
    // A client that left is not a failure to report (its request-log line says client_closed), nor is a
    // request refused while agate stops (a restart under load would fill the log with them); an upstream's
    // refusal is expected, and logged without a stack (failure-log.ts).
    const failure = failureLog(error, agateError);
    if (failure !== undefined) request.log[failure.level](failure.details, "request failed");
    observationOf(request)?.failed(agateError.code);
    if (agateError.retryAfterSeconds !== undefined) {
      reply.header("retry-after", String(agateError.retryAfterSeconds));
      // openai-node sleeps for any Retry-After (a quota out for hours froze its caller for hours, twice);
      // past a minute, the SDKs are told not to retry and the caller gets the 429 that says how long.
      if (agateError.retryAfterSeconds > LONGEST_SDK_WAIT_SECONDS) reply.header("x-should-retry", "false");
    }
    // agate already retried (a 502/504 after its attempts), or a retry cannot help (no account): without
    // this the SDKs' two retries would triple the upstream calls and the wait.
    if (!agateError.clientRetry) reply.header("x-should-retry", "false");
    return reply.status(agateError.status).send(agateError.toJSON());
  });

  app.setNotFoundHandler(async (request, reply) => {
    const error = isPreflight(request.method, request.headers)
      ? preflightRefused()
      : routeNotFound(request.method, request.url, `http://${request.headers.host ?? "127.0.0.1:8045"}`);
    observationOf(request)?.failed(error.code);
    return reply.status(error.status).send(error.toJSON());
  });

  registerHealthRoute(app);
  registerModelsRoutes(app, deps);
  registerChatCompletionsRoute(app, deps);
  registerCompletionsRoute(app, deps);
  registerResponsesRoutes(app, deps, deps.responses);
  if (deps.admin !== undefined) registerAdminRoutes(app, config, deps.admin);
  if (deps.observability !== undefined) registerObservabilityRoutes(app, deps, deps.observability);
  return app;
}
