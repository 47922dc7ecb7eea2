import type { AgateError, OpenAIErrorBody } from "../../errors.js";
import type { GenerateEvent } from "../../hub/types.js";
import { outputBuilderFor } from "./compaction-output.js";
import type { OutputBuilder, OutputBuilderOptions } from "./output-builder.js";
import type { ResponseEvent } from "./output-types.js";
import type { ResponsesRequest } from "./request-schema.js";
import {
  ResponseJson,
  type ResponseState,
  responseObject,
  type SerializedResponse,
  terminalState,
} from "./response-object.js";

export interface ResponsesEncodeContext extends OutputBuilderOptions {
  id: string;
  createdAt: number;
  now: () => number;
  request: ResponsesRequest;
  /** Whether a failure is the client's leaving (the response is then kept as it stood, not failed). */
  clientLeft?: (error: unknown) => boolean;
  /** Set when the response is a compaction (a compaction_trigger): seals the model's summary. */
  sealSummary?: (summary: string) => string;
}

/** The final state of a response, for the store and the JSON answer. */
export interface FinishedResponse {
  state: ResponseState;
  object: Record<string, unknown>;
  /** `object` as JSON: whole for the client, in parts for the store (its output as `storedOutput` has it). */
  json: SerializedResponse;
  /**
   * The output items as the store keeps them, where they hold more than `object` shows the client (what
   * code runs printed that `include` did not ask for: kept-code-outputs.ts).
   */
  storedOutput?: object[];
}

/** Hub events → one Response object (the JSON answer). Errors propagate: nothing was sent yet. */
export async function encodeResponseJson(
  events: AsyncIterable<GenerateEvent>,
  context: ResponsesEncodeContext,
): Promise<FinishedResponse> {
  const builder = outputBuilderFor(context);
  for await (const event of events) builder.handle(event);
  builder.end();
  builder.inlineSignatures();
  return finished(finalState(builder, context), context, new ResponseJson(context.request), builder);
}

/** The same, for an answer already read whole (the pool's `whole`): no await per event. */
export function responseOf(
  events: readonly GenerateEvent[],
  context: ResponsesEncodeContext,
): FinishedResponse {
  const builder = outputBuilderFor(context);
  for (const event of events) builder.handle(event);
  builder.end();
  builder.inlineSignatures();
  return finished(finalState(builder, context), context, new ResponseJson(context.request), builder);
}

function finalState(builder: OutputBuilder, context: ResponsesEncodeContext): ResponseState {
  const state: ResponseState = {
    id: context.id,
    createdAt: context.createdAt,
    output: builder.output,
    ...terminalState(builder.finish),
    ...(builder.usage === undefined ? {} : { usage: builder.usage }),
  };
  if (state.status === "completed") state.completedAt = Math.floor(context.now() / 1000);
  return state;
}

function finished(
  state: ResponseState,
  context: ResponsesEncodeContext,
  json: ResponseJson,
  builder: OutputBuilder,
): FinishedResponse {
  const object = responseObject(state, context.request);
  const storedOutput = builder.storedOutput();
  if (storedOutput === undefined) return { state, object, json: json.serialize(state) };
  return { state, object, json: json.serialize(state, storedOutput), storedOutput };
}

/**
 * The JSON of the Response objects that responseEvents puts in its events (made with the request's echo
 * serialised once), for eventJson. Three or four per response.
 */
const serializedResponses = new WeakMap<object, string>();

/** Gets a response's final state; a promise it returns holds back the terminal event until it settles. */
export type OnFinished = (response: FinishedResponse) => Promise<void> | undefined;

/**
 * Hub events → the typed Responses events: response.created, response.in_progress, the item events, then
 * exactly one terminal event, numbered from 0. A failure midway is an `error` event followed by
 * response.failed. `onFinished` gets the final state (for the store) whatever the outcome; when it returns a
 * promise (a save grouped with others), the terminal event waits for it, so that a client that continues
 * the response at once finds it stored. Transport-free: SSE and WebSocket frame the same events.
 */
export async function* responseEvents(
  events: AsyncIterable<GenerateEvent>,
  context: ResponsesEncodeContext,
  errorToBody: (error: unknown) => AgateError,
  onFinished: OnFinished,
): AsyncGenerator<ResponseEvent> {
  let sequence = 0;
  // Each event is a new object from the builder: numbered in place (a copy per event showed in the profile),
  // sequence_number still its last key.
  const numbered = (event: ResponseEvent): ResponseEvent => {
    event.sequence_number = sequence++;
    return event;
  };
  const builder = outputBuilderFor(context);
  const json = new ResponseJson(context.request);
  const startState: ResponseState = {
    id: context.id,
    createdAt: context.createdAt,
    status: "in_progress",
    output: [],
  };
  // Its JSON, for eventJson: the Response as the event carries it, made once.
  const serialized = (object: Record<string, unknown>, whole: string) => {
    serializedResponses.set(object, whole);
    return object;
  };
  const started = serialized(responseObject(startState, context.request), json.of(startState));
  // Until the response has ended (completed, incomplete or failed): a client that leaves meanwhile closes
  // this generator at a yield, and the response is kept as it stood.
  let ending = false;
  // What ended the response in a failure: the upstream, or a save that did not go through.
  let failure: { error: unknown } | undefined;
  try {
    yield numbered({ type: "response.created", response: started });
    yield numbered({ type: "response.in_progress", response: started });
    for await (const event of events) for (const out of builder.handle(event)) yield numbered(out);
    for (const out of builder.end()) yield numbered(out);
    ending = true;
  } catch (error) {
    ending = true;
    if (context.clientLeft?.(error) === true) {
      await keepLeft(builder, context, json, onFinished);
      return;
    }
    failure = { error };
  } finally {
    if (!ending) await keepLeft(builder, context, json, onFinished);
  }
  const done =
    failure === undefined ? finished(finalState(builder, context), context, json, builder) : undefined;
  if (done !== undefined) {
    try {
      await onFinished(done);
    } catch (error) {
      // Not stored (a full disk): the client hears it, as an error, rather than a stream that just stops.
      failure = { error };
    }
  }
  if (done === undefined || failure !== undefined) {
    const body = errorToBody(failure?.error).toJSON().error;
    yield numbered(errorEvent(body));
    const state = cutShort(builder, context, "failed");
    state.error = { code: body.code ?? "server_error", message: body.message };
    const failed = finished(state, context, json, builder);
    // The failed state is kept where it can be; a save that fails again does not hold back the end.
    await onFinished(failed)?.catch(() => undefined);
    yield numbered({ type: "response.failed", response: serialized(failed.object, failed.json.whole) });
    return;
  }
  if (done.state.error !== undefined) {
    yield numbered(errorEvent({ type: "server_error", param: null, ...done.state.error }));
  }
  yield numbered({
    type: `response.${done.state.status}`,
    response: serialized(done.object, done.json.whole),
  });
}

/**
 * The `error` event of a response that fails midway: the fields OpenAI documents (`code`, `message`, `param`)
 * and, as its API sends them in fact, the same error nested under `error`. The openai SDKs raise on that
 * nested object (LangChain's ChatOpenAI with useResponsesApi streams through them): without it their stream
 * just ends at response.failed, which LangChain does not read, and the caller takes a cut answer for a whole.
 */
function errorEvent(body: OpenAIErrorBody["error"]): ResponseEvent {
  const { code, message, param } = body;
  return { type: "error", code, message, param, error: { type: body.type, code, message, param } };
}

/**
 * A response whose client left before it ended: what it had so far, `incomplete` (the upstream call is
 * stopped with it), kept where it is stored, so that GET finds it and previous_response_id goes on from it
 * (an agent may leave a stream as soon as it has the items it needs). A failed save is not the client's.
 */
async function keepLeft(
  builder: OutputBuilder,
  context: ResponsesEncodeContext,
  json: ResponseJson,
  onFinished: OnFinished,
): Promise<void> {
  const state = cutShort(builder, context, "incomplete");
  await onFinished(finished(state, context, json, builder))?.catch(() => undefined);
}

/**
 * The state of a response that ended before its answer did: its output so far (the item being written
 * `incomplete`), `status`, nothing else.
 */
function cutShort(
  builder: OutputBuilder,
  context: ResponsesEncodeContext,
  status: "failed" | "incomplete",
): ResponseState {
  builder.cutShort();
  const state = finalState(builder, context);
  state.status = status;
  delete state.completedAt;
  delete state.incompleteReason;
  delete state.error;
  return state;
}

/**
 * The same events as SSE frames: `event: <type>` + `data: <json>` and one blank line. A plain iterator over
 * responseEvents rather than a second generator: one promise per frame.
 */
export function encodeResponseStream(
  events: AsyncIterable<GenerateEvent>,
  context: ResponsesEncodeContext,
  errorToBody: (error: unknown) => AgateError,
  onFinished: OnFinished,
): AsyncIterable<string> {
  const source = responseEvents(events, context, errorToBody, onFinished);
  const toFrame = (result: IteratorResult<ResponseEvent>): IteratorResult<string> =>
    result.done === true ? { done: true, value: undefined } : { done: false, value: sseFrame(result.value) };
  const frames: AsyncIterator<string> = {
    next: () => source.next().then(toFrame),
    return: async () => {
      await source.return(undefined);
      return { done: true, value: undefined };
    },
  };
  return { [Symbol.asyncIterator]: () => frames };
}

/** `event: <type>` + `data: <json>` and a blank line. */
export function sseFrame(event: ResponseEvent): string {
  return `event: ${event.type}\ndata: ${eventJson(event)}\n\n`;
}

/**
 * An event as JSON, for SSE and WebSocket frames alike. A text delta, nearly every frame of a stream, is spelt
 * out with its keys in the order OutputBuilder.textDelta and `numbered` give them: byte for byte what
 * JSON.stringify gives (encode.test.ts checks it), for less than half its time.
 */
export function eventJson(event: ResponseEvent): string {
  if (event.type === "response.output_text.delta" && isPlainTextDelta(event)) {
    return `{"type":"response.output_text.delta","item_id":${JSON.stringify(event.item_id)},"output_index":${event.output_index},"content_index":${event.content_index},"delta":${JSON.stringify(event.delta)},"logprobs":[],"sequence_number":${event.sequence_number}}`;
  }
  // A lifecycle event (response.created, response.completed, ...) as responseEvents makes it: its Response
  // is already JSON, and the event's keys are these three, in this order.
  const response = typeof event.response === "object" && event.response !== null ? event.response : undefined;
  const responseJson = response === undefined ? undefined : serializedResponses.get(response);
  if (responseJson !== undefined && Number.isInteger(event.sequence_number) && isLifecycleShape(event)) {
    return `{"type":${JSON.stringify(event.type)},"response":${responseJson},"sequence_number":${event.sequence_number}}`;
  }
  return JSON.stringify(event);
}

function isLifecycleShape(event: ResponseEvent): boolean {
  let index = 0;
  for (const key in event) {
    if (key !== LIFECYCLE_KEYS[index]) return false;
    index++;
  }
  return index === LIFECYCLE_KEYS.length;
}

const LIFECYCLE_KEYS = ["type", "response", "sequence_number"];

interface PlainTextDelta {
  item_id: string;
  output_index: number;
  content_index: number;
  delta: string;
  logprobs: [];
  sequence_number: number;
}

/** The text delta the builder makes: these keys only, integers where numbers go, no log probabilities. */
function isPlainTextDelta(event: ResponseEvent): event is ResponseEvent & PlainTextDelta {
  const { item_id, output_index, content_index, delta, logprobs, sequence_number } = event;
  return (
    typeof item_id === "string" &&
    Number.isInteger(output_index) &&
    Number.isInteger(content_index) &&
    typeof delta === "string" &&
    Array.isArray(logprobs) &&
    logprobs.length === 0 &&
    Number.isInteger(sequence_number)
  );
}
