import type { FastifyInstance } from "fastify";
import { resolveSignatures } from "../../hub/thought-signatures.js";
import { IgnoredFields } from "../../protocols/ignored-fields.js";
import { decodeChatRequest } from "../../protocols/openai-chat/decode-request.js";
import { chatCompletionOf, encodeChatJson } from "../../protocols/openai-chat/encode-json.js";
import { encodeChatStream } from "../../protocols/openai-chat/encode-stream.js";
import { chatRequestSchema } from "../../protocols/openai-chat/request-schema.js";
import type { ChatEncodeContext } from "../../protocols/openai-chat/wire-mapping.js";
import { isGemini3 } from "../../upstream/gemini/model-families.js";
import { callsSentWithSentinel } from "../../upstream/gemini/sentinel-calls.js";
import type { AppDependencies } from "../app.js";
import {
  logIgnoredFields,
  mapModel,
  poolForReply,
  sendEventStream,
  streamFailure,
} from "../generation-route.js";
import { WarnOnce } from "../warn-once.js";

/** Warnings about a request's web search, which a client repeats on every turn: each said once per process. */
const searchWarnings = new WarnOnce();

/** POST /v1/chat/completions: decode → route → pool (failover) → encode as JSON or SSE. */
export function registerChatCompletionsRoute(app: FastifyInstance, deps: AppDependencies): void {
  const { config } = deps;
  const ignored = new IgnoredFields(Object.keys(chatRequestSchema.shape));
  app.post("/v1/chat/completions", async (request, reply) => {
    const sessionHeader = request.headers["x-session-id"];
    const decoded = decodeChatRequest(request.body, {
      ...(typeof sessionHeader === "string" ? { sessionHeader } : {}),
      warn: (message) => searchWarnings.warn(request.log, message),
    });
    logIgnoredFields(request, ignored);
    const upstreamModel = mapModel(deps, reply, decoded.requestedModel);
    decoded.model = upstreamModel;
    const { request: generateRequest, missing } = resolveSignatures(decoded, deps.signatures);
    // Of the calls whose signature is lost, Gemini 3 gets the sentinel for those that open a step; not for
    // parallel calls sent interleaved with their results, which go back into the step of a signed call.
    if (missing.length > 0 && isGemini3(upstreamModel)) {
      const sentinels = callsSentWithSentinel(generateRequest.turns).size;
      if (sentinels > 0)
        request.log.warn(
          { toolCalls: sentinels },
          "replayed tool calls without a thought signature: sending the sentinel",
        );
    }
    const result = await poolForReply(deps, reply)(generateRequest);
    const chatBody = request.body as {
      stream_options?: { include_usage?: unknown } | null;
      functions?: unknown;
    };
    const context: ChatEncodeContext = {
      id: deps.ids.completionId(),
      created: Math.floor(deps.now() / 1000),
      model: decoded.requestedModel,
      includeUsage: chatBody.stream_options?.include_usage === true,
    };
    // The deprecated `functions` (decodeChatRequest refused them beside `tools`): answered as function_call.
    if (chatBody.functions != null && decoded.tools !== undefined) context.legacyFunctions = true;
    if (generateRequest.settings.includeReasoning === false) context.hideReasoning = true;
    if (!generateRequest.stream) {
      return result.whole === undefined
        ? encodeChatJson(result.events, context)
        : chatCompletionOf(result.whole, context);
    }
    const frames = encodeChatStream(result.events, context, streamFailure(request, config.body_limit_bytes));
    return sendEventStream(reply, frames, config.stream_keepalive_ms);
  });
}
