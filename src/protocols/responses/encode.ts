import type { AgateError } from "../../errors.js";
import type { GenerateEvent } from "../../hub/types.js";
import { OutputBuilder, type OutputBuilderOptions } from "./output-builder.js";
import type { ResponseEvent } from "./output-types.js";
import type { ResponsesRequest } from "./request-schema.js";
import { type ResponseState, responseObject, terminalState } from "./response-object.js";

export interface ResponsesEncodeContext extends OutputBuilderOptions {
  id: string;
  createdAt: number;
  now: () => number;
  request: ResponsesRequest;
}

/** The final state of a response, for the store and the JSON answer. */
export interface FinishedResponse {
  state: ResponseState;
  object: Record<string, unknown>;
}

/** Hub events → one Response object (the JSON answer). Errors propagate: nothing was sent yet. */
export async function encodeResponseJson(
  events: AsyncIterable<GenerateEvent>,
  context: ResponsesEncodeContext,
): Promise<FinishedResponse> {
  const builder = new OutputBuilder(context);
  for await (const event of events) builder.handle(event);
  builder.end();
  return finished(builder, context);
}

/** The same, for an answer already read whole (the pool's `whole`): no await per event. */
export function responseOf(
  events: readonly GenerateEvent[],
  context: ResponsesEncodeContext,
): FinishedResponse {
  const builder = new OutputBuilder(context);
  for (const event of events) builder.handle(event);
  builder.end();
  return finished(builder, context);
}

function finished(builder: OutputBuilder, context: ResponsesEncodeContext): FinishedResponse {
  const state: ResponseState = {
    id: context.id,
    createdAt: context.createdAt,
    output: builder.output,
    ...terminalState(builder.finish),
    ...(builder.usage === undefined ? {} : { usage: builder.usage }),
  };
  if (state.status === "completed") state.completedAt = Math.floor(context.now() / 1000);
  return { state, object: responseObject(state, context.request) };
}

/**
 * Hub events → the typed Responses events: response.created, response.in_progress, the item events, then
 * exactly one terminal event, numbered from 0. A failure midway is an `error` event followed by
 * response.failed. `onFinished` gets the final state (for the store) whatever the outcome. Transport-free:
 * SSE and WebSocket frame the same events.
 */
export async function* responseEvents(
  events: AsyncIterable<GenerateEvent>,
  context: ResponsesEncodeContext,
  errorToBody: (error: unknown) => AgateError,
  onFinished: (response: FinishedResponse) => void,
): AsyncGenerator<ResponseEvent> {
  let sequence = 0;
  const numbered = (event: ResponseEvent): ResponseEvent => ({ ...event, sequence_number: sequence++ });
  const builder = new OutputBuilder(context);
  const started = responseObject(
    { id: context.id, createdAt: context.createdAt, status: "in_progress", output: [] },
    context.request,
  );
  yield numbered({ type: "response.created", response: started });
  yield numbered({ type: "response.in_progress", response: started });
  try {
    for await (const event of events) for (const out of builder.handle(event)) yield numbered(out);
    for (const out of builder.end()) yield numbered(out);
  } catch (error) {
    const body = errorToBody(error).toJSON().error;
    yield numbered({ type: "error", code: body.code, message: body.message, param: body.param });
    const failed = finished(builder, context);
    failed.state.status = "failed";
    delete failed.state.completedAt;
    failed.state.error = { code: body.code ?? "server_error", message: body.message };
    failed.object = responseObject(failed.state, context.request);
    onFinished(failed);
    yield numbered({ type: "response.failed", response: failed.object });
    return;
  }
  const done = finished(builder, context);
  onFinished(done);
  if (done.state.error !== undefined) {
    yield numbered({
      type: "error",
      code: done.state.error.code,
      message: done.state.error.message,
      param: null,
    });
  }
  yield numbered({ type: `response.${done.state.status}`, response: done.object });
}

/**
 * The same events as SSE frames: `event: <type>` + `data: <json>` and one blank line. A plain iterator over
 * responseEvents rather than a second generator: one promise per frame.
 */
export function encodeResponseStream(
  events: AsyncIterable<GenerateEvent>,
  context: ResponsesEncodeContext,
  errorToBody: (error: unknown) => AgateError,
  onFinished: (response: FinishedResponse) => void,
): AsyncIterable<string> {
  const source = responseEvents(events, context, errorToBody, onFinished);
  const toFrame = (result: IteratorResult<ResponseEvent>): IteratorResult<string> =>
    result.done === true
      ? { done: true, value: undefined }
      : { done: false, value: `event: ${result.value.type}\ndata: ${JSON.stringify(result.value)}\n\n` };
  const frames: AsyncIterator<string> = {
    next: () => source.next().then(toFrame),
    return: async () => {
      await source.return(undefined);
      return { done: true, value: undefined };
    },
  };
  return { [Symbol.asyncIterator]: () => frames };
}
