import type { OutgoingHttpHeaders } from "node:http";
import type { FastifyReply, FastifyRequest } from "fastify";
import { type AgateError, invalidRequest } from "../errors.js";
import type { GenerateRequest } from "../hub/types.js";
import { logsAt } from "../observability/log-level.js";
import { observationOf } from "../observability/request-observation.js";
import type { PoolResult, PoolTrace } from "../pool/pool.js";
import type { IgnoredFields } from "../protocols/ignored-fields.js";
import type { AppDependencies } from "./app.js";
import { toAgateError } from "./error-mapper.js";
import { failureLog } from "./failure-log.js";
import { answerWithin } from "./head-wait.js";
import { headerValue } from "./header-value.js";
import type { LateAnswer } from "./late-answer.js";
import { observedExecute } from "./observed-execute.js";
import { KEEP_ALIVE, writeEventStream } from "./sse-writer.js";
import { upstreamSignal } from "./upstream-signal.js";

/** Model names that can travel in a header: printable ASCII, bounded (anything else is no model's name). */
const MODEL_NAME = /^[\x20-\x7e\xa0-\xff]{1,256}$/;

/**
 * What every generation route (chat, completions, ...) does around its protocol's decode and encode:
 * routing with the X-Mapped-Model header, running the pool with the attempt/account headers, and
 * writing an SSE answer with keep-alives.
 */

/** The client's model name → the upstream model, announced in X-Mapped-Model (contract §4). */
export function mapModel(deps: AppDependencies, reply: FastifyReply, requestedModel: string): string {
  if (!MODEL_NAME.test(requestedModel)) {
    throw invalidRequest(
      "'model' must be 1 to 256 printable Latin-1 characters (it travels in the X-Mapped-Model header).",
      "model",
      "invalid_model",
    );
  }
  const route = deps.router.route(requestedModel);
  reply.header("x-mapped-model", headerValue(route.upstream));
  observationOf(reply.request)?.models(requestedModel, route.upstream);
  return route.upstream;
}

/** What the pool gives a reply: its result, or (a stream whose head it had not found in time) a LateAnswer. */
export type ReplyAnswer = PoolResult | LateAnswer;

/** Replies whose SSE head goes out before the pool has answered: a keep-alive comment goes out with it. */
const overdue = new WeakSet<FastifyReply>();

/**
 * The pool, bound to one reply: every call shares the reply's upstream signal (client gone, timeout) and is
 * made as a WebSocket turn's is (observed-execute.ts: the observation, the MALFORMED_FUNCTION_CALL retry,
 * thought signatures, the route advice); X-Agate-Attempts / X-Account-Email are set after each call —
 * on failure too — counting the attempts of every call made for this reply. A streamed call that has not
 * found its answer's head within stream_keepalive_ms gives a LateAnswer then (late-answer.ts), the attempts
 * made so far in X-Agate-Attempts and no X-Account-Email: sendEventStream sends the head with keep-alives.
 * `signal`: the reply's upstream signal, made by the route when it stops the calls itself (the legacy
 * completions, when one prompt fails).
 */
export function poolForReply(
  deps: AppDependencies,
  reply: FastifyReply,
  signal: AbortSignal = upstreamSignal(reply, deps.config.request_timeout_ms),
): (request: GenerateRequest) => Promise<ReplyAnswer> {
  const { config } = deps;
  const total: PoolTrace = { attempts: 0 };
  // The calls still looking for their answer's head (the legacy completions run one per prompt at once).
  const looking = new Set<PoolTrace>();
  const observation = observationOf(reply.request);
  // After each call, answered or failed: its attempts added to the reply's, which the headers and the
  // observation report.
  const settled = (trace: PoolTrace): PoolTrace => {
    looking.delete(trace);
    total.attempts += trace.attempts;
    if (trace.lastAccount !== undefined) total.lastAccount = trace.lastAccount;
    setAttemptHeaders(reply, total, config.expose_account_header);
    return total;
  };
  const execute = (request: GenerateRequest): Promise<PoolResult> => {
    const trace: PoolTrace = { attempts: 0 };
    looking.add(trace);
    return observedExecute(deps, request, { signal, observation, trace, settled });
  };
  const headOverdue = () => {
    let attempts = total.attempts;
    for (const trace of looking) attempts += trace.attempts;
    if (attempts > 0) reply.header("x-agate-attempts", String(attempts));
    // Not every call has its account yet (the legacy completions' other prompts may have theirs).
    reply.removeHeader("x-account-email");
    overdue.add(reply);
  };
  // A late answer given up before its pool answered stops the reply's calls (`signal`): the reply is ending
  // without it (another prompt failed, in the stream or before it).
  return (request) => {
    const answer = execute(request);
    return request.stream ? answerWithin(answer, config.stream_keepalive_ms, headOverdue, signal) : answer;
  };
}

function setAttemptHeaders(reply: FastifyReply, trace: PoolTrace, exposeAccount: boolean): void {
  if (trace.attempts > 0) reply.header("x-agate-attempts", String(trace.attempts));
  if (exposeAccount && trace.lastAccount !== undefined)
    reply.header("x-account-email", headerValue(trace.lastAccount.label));
}

/** Contract §5: a request field agate does not read is ignored, and its name logged once, at debug. */
export function logIgnoredFields(request: FastifyRequest, fields: IgnoredFields): void {
  if (!logsAt(request.log.level, "debug")) return;
  const names = fields.newIn(request.body);
  if (names.length > 0)
    request.log.debug(
      { route: request.routeOptions.url, fields: names },
      "request fields ignored (each name logged once)",
    );
}

/** How a stream's encoder turns a failure after the first byte into its error frame (logged once). */
export function streamFailure(request: FastifyRequest, bodyLimit: number): (error: unknown) => AgateError {
  return (error) => {
    const agateError = loggedStreamFailure(request, error, bodyLimit);
    observationOf(request)?.failed(agateError.code);
    return agateError;
  };
}

/**
 * A failure after a stream's first byte as the error for its frame, logged on `request`'s logger; no
 * observation told (a WebSocket turn tells its own, not its connection's).
 */
export function loggedStreamFailure(request: FastifyRequest, error: unknown, bodyLimit: number): AgateError {
  const agateError = toAgateError(error, { bodyLimit });
  // A client that left mid-stream is in the request log (client_closed), not a failure to report; an
  // upstream that failed midway is expected, and logged without a stack (failure-log.ts).
  const failure = failureLog(error, agateError);
  if (failure !== undefined)
    request.log[failure.level](failure.details, "stream failed after the first byte");
  return agateError;
}

/**
 * Sends SSE frames (contract §7 headers), with a `: keep-alive` comment after `keepAliveMs` of silence. The
 * reply is taken over from fastify (hijacked) and written directly (sse-writer.ts): the headers set so far
 * (request id, mapped model, attempts, CORS) go out with the first frame — at once, with a keep-alive
 * comment, when the pool is still looking for the answer (poolForReply).
 */
export function sendEventStream(
  reply: FastifyReply,
  frames: AsyncIterable<string>,
  keepAliveMs: number,
): FastifyReply {
  reply
    .header("content-type", "text/event-stream; charset=utf-8")
    .header("cache-control", "no-cache")
    .header("x-accel-buffering", "no");
  reply.hijack();
  const observation = observationOf(reply.request);
  // A head that goes out before the answer (with a keep-alive comment) is not what the client waits for.
  if (overdue.has(reply)) observation?.headBeforeAnswer();
  else observation?.sending();
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(reply.getHeaders()))
    if (value !== undefined) headers[name] = value;
  try {
    reply.raw.writeHead(reply.statusCode, headers);
  } catch (error) {
    // Fastify has let go of the reply: without this the client would wait for ever. The closed response
    // stops the upstream call (upstream-signal.ts).
    reply.log.error({ err: error }, "the event stream's headers were refused");
    reply.raw.destroy();
    return reply;
  }
  if (overdue.has(reply)) reply.raw.write(KEEP_ALIVE);
  void writeEventStream(reply.raw, frames, keepAliveMs, (error) =>
    reply.log.warn({ err: error }, "event stream failed"),
  );
  return reply;
}
