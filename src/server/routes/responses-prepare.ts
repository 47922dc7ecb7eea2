import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from "fastify";
import { resolveSignatures, type SignatureLookup, type SignatureSink } from "../../hub/thought-signatures.js";
import type { GenerateEvent, GenerateRequest } from "../../hub/types.js";
import type { PoolResult } from "../../pool/pool.js";
import { compactionRequest } from "../../protocols/responses/compaction.js";
import type { Unseal } from "../../protocols/responses/decode-input.js";
import {
  type DecodedResponsesRequest,
  decodeResponsesRequest,
} from "../../protocols/responses/decode-request.js";
import type { FinishedResponse, ResponsesEncodeContext } from "../../protocols/responses/encode.js";
import { itemIdsFor } from "../../protocols/responses/item-ids.js";
import type { InputItem, ResponsesRequest, ResponsesTool } from "../../protocols/responses/request-schema.js";
import { type History, historyOf, withItemIds } from "../../protocols/responses/stored-history.js";
import type { ResponseSaves } from "../../store/response-saves.js";
import type {
  ConversationLink,
  ResponsesRepository,
  StoredResponse,
} from "../../store/responses-repository.js";
import { isGemini3 } from "../../upstream/gemini/model-families.js";
import type { AppDependencies } from "../app.js";
import { mapModel, poolForReply, type ReplyAnswer } from "../generation-route.js";
import { storedId } from "../ids.js";
import { ClientGoneError } from "../upstream-signal.js";
import { WarnOnce } from "../warn-once.js";

/**
 * What POST /v1/responses and the WebSocket transport share: a parsed request → its history
 * (previous_response_id) → decode → model mapping → thought signatures → the pool, and the pieces both need
 * to encode and keep the answer. Each transport supplies its own lookups, mapping and pool binding.
 */

/** What the Responses routes share: the store and the compaction key's two uses. */
export interface ResponsesServices {
  store: ResponsesRepository;
  /** The store's saves of whole answers, grouped per turn of the event loop. */
  saves: ResponseSaves;
  unseal: Unseal;
  seal: (summary: string) => string;
}

export interface ResponseEnvironment {
  now: () => number;
  /**
   * The conversation ending with an earlier response, newest first (ResponsesRepository.findChain; a
   * WebSocket's recent responses first).
   */
  findChain: (id: string, max: number) => ConversationLink[];
  /** A stored item by id, for item_reference. */
  findItem: (id: string) => Record<string, unknown> | undefined;
  unseal: Unseal;
  /** Seals a compaction's summary (a request ending with a compaction_trigger item). */
  seal: (summary: string) => string;
  sessionHeader?: string;
  /** The client's model → the upstream model (HTTP also announces it in X-Mapped-Model). */
  mapModel: (model: string) => string;
  /**
   * The pool, bound to this request's cancellation; its events carry thought signatures in tool-call ids.
   * Over HTTP, a stream whose head is late gets a LateAnswer, its account and session key filled in later.
   */
  run: (request: GenerateRequest) => Promise<ReplyAnswer>;
  /** Thought signatures: of replayed calls and answers (looked up), of this answer's text (kept). */
  signatures: SignatureLookup & SignatureSink;
  log: Pick<FastifyBaseLogger, "warn" | "debug">;
}

/** A Responses request that has been decoded and whose upstream answer has started. */
export interface PreparedResponse {
  body: ResponsesRequest;
  /** The conversation behind previous_response_id (empty without one). */
  history: InputItem[];
  /** This request's own input items, references resolved. */
  input: InputItem[];
  /** Whether the client asked for SSE (the WebSocket always streams, whatever it says). */
  stream: boolean;
  context: ResponsesEncodeContext;
  /** The upstream's events, thought signatures carried into the tool-call ids. */
  events: AsyncIterable<GenerateEvent>;
  /** The same events as an array when the call was not streamed and was read whole (PoolResult.whole). */
  whole?: readonly GenerateEvent[];
  /** What the store keeps for the finished response. */
  record: (finished: FinishedResponse) => StoredResponse;
}

export interface PrepareOptions {
  /** Reshapes the decoded request before it goes upstream (compaction asks for a summary instead). */
  adapt?: (request: GenerateRequest) => GenerateRequest;
  /** false: a warm-up (the WebSocket's `generate: false`): no upstream call, a response with no output. */
  generate?: boolean;
}

/** Warnings about a request's tools, which a client repeats on every turn: each said once per process. */
const toolWarnings = new WarnOnce();

/** Decodes `body` against its history and starts the upstream call (errors before that are thrown, typed). */
export async function prepareResponse(
  body: ResponsesRequest,
  environment: ResponseEnvironment,
  options: PrepareOptions = {},
): Promise<PreparedResponse> {
  const { history, decoded } = decodeWithHistory(body, environment);
  for (const warning of decoded.tools.warnings) toolWarnings.warn(environment.log, warning);
  const generate = { ...decoded.generate, model: environment.mapModel(body.model) };
  if (generate.sessionKey === undefined && history?.sessionKey != null)
    generate.sessionKey = history.sessionKey;
  const compacting = endsWithCompactionTrigger(body);
  const adapt = compacting ? streamedCompaction : options.adapt;
  const adapted = adapt === undefined ? generate : adapt(generate);
  // What the search runs without, only where it goes upstream: dropped, forbidden or not asked for (a
  // compaction, a warm-up), it searches nothing.
  if (adapted.grounding === true && options.generate !== false)
    for (const warning of decoded.tools.searchWarnings) toolWarnings.warn(environment.log, warning);
  const { request: resolved } = resolveSignatures(adapted, environment.signatures);
  // A LateAnswer's account and session key are read when the response ends (`record`), once it has them.
  const result: Pick<PoolResult, "events" | "sessionKey"> & {
    whole?: PoolResult["whole"] | undefined;
    account?: PoolResult["account"];
  } = options.generate === false ? { events: noAnswer() } : await environment.run(resolved);
  const id = storedId("resp");
  // Item ids that name this response: the store finds those items without an index row.
  const newItemId = itemIdsFor(id);
  const context: ResponsesEncodeContext = {
    id,
    createdAt: Math.floor(environment.now() / 1000),
    now: environment.now,
    request: echoing(body, decoded.tools.list),
    newItemId,
    tools: decoded.tools.kinds,
    includeEncrypted: body.include?.includes("reasoning.encrypted_content") === true,
    // Gemini 3 signs its answers at their end; the store keeps each message's signature by its id.
    answersSigned: isGemini3(generate.model),
    saveSignature: (messageId, signature) => environment.signatures.save(messageId, signature),
    reasoningSummary: decoded.generate.settings.includeReasoning === true,
    ...(generate.grounding === true
      ? { webSearch: true, includeSources: body.include?.includes("web_search_call.action.sources") === true }
      : {}),
    ...(generate.codeExecution === true
      ? { includeCodeOutputs: body.include?.includes("code_interpreter_call.outputs") === true }
      : {}),
    clientLeft: (error) => error instanceof ClientGoneError,
    ...(compacting ? { sealSummary: environment.seal } : {}),
  };
  return {
    body,
    history: history?.items ?? [],
    input: decoded.input,
    stream: resolved.stream,
    context,
    events: result.events,
    ...(result.whole === undefined ? {} : { whole: result.whole }),
    record: (finished) => ({
      id: context.id,
      createdAt: context.createdAt,
      previousResponseId: body.previous_response_id ?? null,
      // The key the pool kept the account by, given or derived (the pool's own: not hashed a second time): a
      // continuation keeps that account even where its instructions (not carried over) make its first-message
      // key another.
      sessionKey: resolved.sessionKey ?? result.sessionKey ?? null,
      accountId: result.account?.id ?? null,
      // Ids for the input items only when the response is kept: a coding agent resends hundreds each turn.
      inputItems: withItemIds(decoded.input, newItemId),
      response: finished.object,
      ...(finished.storedOutput === undefined
        ? {}
        : { output: finished.storedOutput as Record<string, unknown>[] }),
      json: { response: finished.json.stored, output: finished.json.output, echo: finished.json.echo },
    }),
  };
}

/** Whether the request asks for a compaction of its conversation: its last input item is a compaction_trigger. */
const endsWithCompactionTrigger = (body: ResponsesRequest): boolean =>
  Array.isArray(body.input) && body.input.at(-1)?.type === "compaction_trigger";

/** The summary request of POST /v1/responses/compact, streamed when the client streams. */
const streamedCompaction = (request: GenerateRequest): GenerateRequest => ({
  ...compactionRequest(request),
  stream: request.stream,
});

/** A warm-up's answer: nothing, for no tokens. */
async function* noAnswer(): AsyncGenerator<GenerateEvent> {
  yield { type: "usage", usage: { inputTokens: 0, outputTokens: 0, reasoningTokens: 0, cachedTokens: 0 } };
}

/** previous_response_id → its conversation (404 when unknown), then the decoded request. */
function decodeWithHistory(
  body: ResponsesRequest,
  environment: Pick<ResponseEnvironment, "findChain" | "findItem" | "unseal" | "sessionHeader">,
): { history: History | undefined; decoded: DecodedResponsesRequest } {
  const history =
    body.previous_response_id == null
      ? undefined
      : historyOf(body.previous_response_id, environment.findChain);
  const decoded = decodeResponsesRequest(body, {
    history: history?.items ?? [],
    resolveItem: (id) => environment.findItem(id) as InputItem | undefined,
    unseal: environment.unseal,
    ...(environment.sessionHeader === undefined ? {} : { sessionHeader: environment.sessionHeader }),
  });
  return { history, decoded };
}

/** The environment of an HTTP request: the store, X-Mapped-Model and the pool bound to the reply. */
export function httpResponseEnvironment(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: AppDependencies,
  services: ResponsesServices,
): ResponseEnvironment {
  const sessionHeader = request.headers["session-id"] ?? request.headers["x-session-id"];
  return {
    now: deps.now,
    findChain: (id, max) => services.store.findChain(id, max),
    findItem: (id) => services.store.findItem(id),
    unseal: services.unseal,
    seal: services.seal,
    ...(typeof sessionHeader === "string" ? { sessionHeader } : {}),
    mapModel: (model) => mapModel(deps, reply, model),
    run: (generate) => poolForReply(deps, reply)(generate),
    signatures: deps.signatures,
    log: request.log,
  };
}

/**
 * The request the Response echoes, its tools the list they were decoded from: an earlier request's list
 * with the same JSON (its items the same objects) is found again by identity, not by another comparison.
 */
const echoing = (body: ResponsesRequest, list: readonly ResponsesTool[]): ResponsesRequest =>
  list.length === 0 || list === body.tools ? body : { ...body, tools: [...list] };
