import { type AgateError, AgateError as AgateErrorClass, invalidRequest } from "../../errors.js";
import { parseResponsesRequest } from "../../protocols/responses/decode-request.js";
import type { ResponseEvent } from "../../protocols/responses/output-types.js";
import type { ResponsesRequest } from "../../protocols/responses/request-schema.js";
import { assertBodyDepth } from "../body-depth.js";

/**
 * The client's messages on the Responses WebSocket and agate's error frames, as pure functions. A message is
 * one JSON object `{"type": "response.create", ...the fields of a Responses request}`; `stream` and
 * `background` are transport fields there and are ignored (every answer streams as events), `generate` too
 * (read apart: see CreateMessage).
 */

/** A response.create message: the Responses request it carries, and whether the model is to answer. */
export interface CreateMessage {
  body: ResponsesRequest;
  /**
   * false for a warm-up (`generate: false`, as Codex sends when it opens a socket): the response is made and
   * can be continued by previous_response_id, but the model is not called and it has no output.
   */
  generate: boolean;
}

/** One text (or binary) message → the Responses request it carries; a 400 naming the param otherwise. */
export function parseCreateMessage(message: string): CreateMessage {
  let value: unknown;
  try {
    value = JSON.parse(message);
  } catch {
    throw invalidRequest(
      'The message is not valid JSON: send one JSON object per message, {"type": "response.create", ...}.',
      null,
      "invalid_json",
    );
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw invalidRequest(
      'The message must be a JSON object: {"type": "response.create", ...}.',
      null,
      "invalid_json",
    );
  }
  const {
    type,
    stream: _stream,
    background: _background,
    generate,
    ...fields
  } = value as Record<string, unknown>;
  if (type !== "response.create") {
    throw invalidRequest(
      `'type': expected "response.create", the only message this WebSocket takes (got ${JSON.stringify(type) ?? "nothing"}).`,
      "type",
      "invalid_value",
    );
  }
  assertBodyDepth(fields);
  return { body: parseResponsesRequest(fields), generate: generate !== false };
}

/**
 * An error before a response has started, in the shape OpenAI's Responses WebSocket uses:
 * `{"type": "error", "status": <http status>, "error": {"type", "code", "message", "param"}}`. As there, an
 * unknown previous_response_id is a 400 (over HTTP agate answers it with a 404).
 */
export function errorFrame(error: AgateError): ResponseEvent {
  const body = error.toJSON().error;
  return {
    type: "error",
    status: errorFrameStatus(error),
    error: { type: body.type, code: body.code, message: body.message, param: body.param },
  };
}

/** The status an error frame gives `error`: its HTTP status, but 400 for an unknown previous_response_id. */
export function errorFrameStatus(error: AgateError): number {
  return error.code === "previous_response_not_found" ? 400 : error.status;
}

/** A response.create while one is running: turns on one socket run one at a time. */
export const responseInFlight = (): AgateError =>
  new AgateErrorClass(
    "A response is already running on this WebSocket; send the next response.create after its terminal event " +
      "(response.completed, response.incomplete or response.failed), or open another connection.",
    { status: 409, type: "invalid_request_error", code: "response_already_in_flight" },
  );
