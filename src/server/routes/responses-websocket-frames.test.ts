import { describe, expect, it } from "vitest";
import { AgateError, invalidRequest, notFound } from "../../errors.js";
import { errorFrame, parseCreateMessage, responseInFlight } from "./responses-websocket-frames.js";

function refusal(message: string): AgateError {
  try {
    parseCreateMessage(message);
  } catch (error) {
    if (error instanceof AgateError) return error;
    throw error;
  }
  throw new Error("expected a 400");
}

describe("parseCreateMessage", () => {
  it("reads the Responses request of a response.create message; `type`, `stream` and `background` are not request fields", () => {
    const body = parseCreateMessage(
      JSON.stringify({
        type: "response.create",
        model: "gpt-4o",
        input: "hi",
        stream: false,
        background: true,
        store: false,
      }),
    );
    expect(body).toEqual({ body: { model: "gpt-4o", input: "hi", store: false }, generate: true });
  });

  it("`generate: false` (a warm-up) is read, not refused, and is not a request field", () => {
    const create = (extra: string) => parseCreateMessage(`{"type":"response.create","model":"m"${extra}}`);
    expect(create(',"input":"x","generate":false')).toEqual({
      body: { model: "m", input: "x" },
      generate: false,
    });
    expect(create(',"generate":true').generate).toBe(true);
    expect(create("").generate).toBe(true);
  });

  it.each([
    ["not JSON", "{oops", null, "invalid_json"],
    ["a JSON array", "[1]", null, "invalid_json"],
    ["a JSON string", '"response.create"', null, "invalid_json"],
    ["another message type", '{"type":"response.cancel"}', "type", "invalid_value"],
    ["no type", '{"model":"gpt-4o","input":"x"}', "type", "invalid_value"],
    ["no model", '{"type":"response.create","input":"x"}', "model", "invalid_value"],
    ["a bad field", '{"type":"response.create","model":"m","input":"x","top_p":7}', "top_p", "invalid_value"],
  ])("%s → 400 (param %s)", (_label, message, param, code) => {
    expect(refusal(message)).toMatchObject({ status: 400, param, code });
  });
});

describe("errorFrame", () => {
  it("wraps an error as OpenAI's Responses WebSocket does", () => {
    expect(errorFrame(invalidRequest("bad", "input[0]", "invalid_value"))).toEqual({
      type: "error",
      status: 400,
      error: { type: "invalid_request_error", code: "invalid_value", message: "bad", param: "input[0]" },
    });
  });

  it("an unknown previous_response_id is a 400 there (a 404 over HTTP)", () => {
    const error = notFound("gone", "previous_response_not_found", "previous_response_id");
    expect(errorFrame(error)).toMatchObject({
      status: 400,
      error: { code: "previous_response_not_found", param: "previous_response_id" },
    });
  });

  it("a second response.create during a turn is a 409 response_already_in_flight", () => {
    expect(errorFrame(responseInFlight())).toMatchObject({
      status: 409,
      error: { code: "response_already_in_flight" },
    });
  });
});
