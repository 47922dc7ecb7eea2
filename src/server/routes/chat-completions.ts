import { Readable } from "node:stream";
import type { FastifyInstance, FastifyReply } from "fastify";
import { carrySignatures, resolveSignatures } from "../../hub/thought-signatures.js";
import type { PoolTrace } from "../../pool/pool.js";
import { decodeChatRequest } from "../../protocols/openai-chat/decode-request.js";
import { encodeChatJson } from "../../protocols/openai-chat/encode-json.js";
import { encodeChatStream } from "../../protocols/openai-chat/encode-stream.js";
import type { AppDependencies } from "../app.js";
import { toAgateError } from "../error-mapper.js";
import { withKeepAlive } from "../keep-alive.js";
import { executeWithMalformedRetry } from "../malformed-retry.js";
import { upstreamSignal } from "../upstream-signal.js";

/** POST /v1/chat/completions: decode → route → pool (failover) → encode as JSON or SSE. */
export function registerChatCompletionsRoute(app: FastifyInstance, deps: AppDependencies): void {
  const { config } = deps;
  app.post("/v1/chat/completions", async (request, reply) => {
    const sessionHeader = request.headers["x-session-id"];
    const decoded = decodeChatRequest(
      request.body,
      typeof sessionHeader === "string" ? { sessionHeader } : {},
    );
    const route = deps.router.route(decoded.requestedModel);
    reply.header("x-mapped-model", route.upstream);
    const { request: generateRequest, missing } = resolveSignatures(
      { ...decoded, model: route.upstream },
      deps.signatures,
    );
    if (missing.length > 0 && /gemini-3/.test(route.upstream)) {
      request.log.warn(
        { toolCalls: missing.length },
        "replayed tool calls without a thought signature: sending the sentinel",
      );
    }
    const signal = upstreamSignal(reply, config.request_timeout_ms);
    const trace: PoolTrace = { attempts: 0 };
    let result: Awaited<ReturnType<typeof deps.pool.execute>>;
    try {
      result = await executeWithMalformedRetry(deps.pool, generateRequest, signal, trace);
    } finally {
      setAttemptHeaders(reply, trace, config.expose_account_header);
    }
    const chatBody = request.body as { stream_options?: { include_usage?: unknown } | null };
    const context = {
      id: deps.ids.completionId(),
      created: Math.floor(deps.now() / 1000),
      model: decoded.requestedModel,
      includeUsage: chatBody.stream_options?.include_usage === true,
    };
    const events = carrySignatures(result.events, deps.signatures);
    if (!generateRequest.stream) return encodeChatJson(events, context);
    const bodyLimit = config.body_limit_bytes;
    const frames = encodeChatStream(events, context, (error) => {
      request.log.warn({ err: error }, "stream failed after the first byte");
      return toAgateError(error, { bodyLimit });
    });
    reply
      .header("content-type", "text/event-stream; charset=utf-8")
      .header("cache-control", "no-cache")
      .header("x-accel-buffering", "no");
    return reply.send(
      Readable.from(withKeepAlive(frames, config.stream_keepalive_ms), { objectMode: false }),
    );
  });
}

function setAttemptHeaders(reply: FastifyReply, trace: PoolTrace, exposeAccount: boolean): void {
  if (trace.attempts > 0) reply.header("x-agate-attempts", String(trace.attempts));
  if (exposeAccount && trace.lastAccount !== undefined)
    reply.header("x-account-email", trace.lastAccount.label);
}
