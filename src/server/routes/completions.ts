import type { FastifyInstance } from "fastify";
import { mergeWholeAnswers } from "../../hub/merge-answers.js";
import { decodeCompletionRequest } from "../../protocols/completions/decode-request.js";
import { completionOf, encodeCompletionJson } from "../../protocols/completions/encode-json.js";
import { encodeCompletionStream } from "../../protocols/completions/encode-stream.js";
import { mergePromptEvents } from "../../protocols/completions/merge-prompt-events.js";
import { completionRequestSchema } from "../../protocols/completions/request-schema.js";
import { IgnoredFields } from "../../protocols/ignored-fields.js";
import type { AppDependencies } from "../app.js";
import {
  logIgnoredFields,
  mapModel,
  poolForReply,
  sendEventStream,
  streamFailure,
} from "../generation-route.js";
import { answerPrompts } from "../prompt-calls.js";
import { upstreamSignal } from "../upstream-signal.js";

/**
 * POST /v1/completions (legacy): decode → route → one pool call per prompt (Gemini answers one
 * conversation per call), at most 8 upstream calls in flight (prompt-calls.ts) → their events merged →
 * encode as a `text_completion` or SSE chunks.
 */
export function registerCompletionsRoute(app: FastifyInstance, deps: AppDependencies): void {
  const { config } = deps;
  const ignored = new IgnoredFields(Object.keys(completionRequestSchema.shape));
  app.post("/v1/completions", async (request, reply) => {
    const sessionHeader = request.headers["x-session-id"];
    const decoded = decodeCompletionRequest(
      request.body,
      typeof sessionHeader === "string" ? { sessionHeader } : {},
    );
    logIgnoredFields(request, ignored);
    const model = mapModel(deps, reply, decoded.requestedModel);
    const signal = upstreamSignal(reply, config.request_timeout_ms);
    const execute = poolForReply(deps, reply, signal);
    const results = await answerPrompts(
      decoded.requests.map((generateRequest) => ({ ...generateRequest, model })),
      execute,
      signal,
    );
    const context = {
      id: deps.ids.textCompletionId(),
      created: Math.floor(deps.now() / 1000),
      model: decoded.requestedModel,
      includeUsage: decoded.includeUsage,
    };
    const wholes = results.flatMap((result) => (result.whole === undefined ? [] : [result.whole]));
    if (!decoded.stream && wholes.length === results.length)
      return completionOf(mergeWholeAnswers(wholes, decoded.choicesPerPrompt), context);
    const events = mergePromptEvents(
      results.map((result) => result.events),
      decoded.choicesPerPrompt,
    );
    if (!decoded.stream) return encodeCompletionJson(events, context);
    const frames = encodeCompletionStream(events, context, streamFailure(request, config.body_limit_bytes));
    return sendEventStream(reply, frames, config.stream_keepalive_ms);
  });
}
