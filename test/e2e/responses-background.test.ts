import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { refusal } from "../helpers/sdk-refusal.js";
import { generationCalls } from "../helpers/sim-requests.js";
import { type Stack, startStack } from "../helpers/stack.js";

// `background: true` is answered in the foreground: the POST returns once the response has ended, as a
// background response that ended before the client's first poll. What a client of background mode expects
// of the Response holds: `background: true`, an outcome read from `status` (a failed answer is a Response
// with status failed, not an HTTP error), retrieval by id, and a cancel that returns the ended Response.

let stack: Stack;
let client: OpenAI;

beforeAll(async () => {
  stack = await startStack(1);
  client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: "unused", maxRetries: 0 });
});
afterAll(() => stack.close());
beforeEach(() => stack.simulator.reset());

/** A background client's loop: poll while queued or in progress. */
async function polled(response: OpenAI.Responses.Response): Promise<OpenAI.Responses.Response> {
  let current = response;
  for (let polls = 0; current.status === "queued" || current.status === "in_progress"; polls++) {
    if (polls === 5) throw new Error("still running after 5 polls");
    current = await client.responses.retrieve(current.id);
  }
  return current;
}

describe("background: true", () => {
  it("the POST answers the ended Response, echoing background: true; retrieving it gives the same", async () => {
    const created = await client.responses.create({ model: "gpt-4o", input: "hi", background: true });
    expect(created).toMatchObject({ background: true, status: "completed" });
    expect(created.output_text).toContain("hi");
    const final = await polled(created);
    expect(final).toEqual(await client.responses.retrieve(created.id));
    expect(final).toMatchObject({ id: created.id, background: true, status: "completed" });
  });

  it("an answer that fails upstream (OTHER) → a 200 Response with status failed and its error, kept", async () => {
    stack.simulator.script({
      forever: true,
      respond: { reply: { text: "half an ans", finishReason: "OTHER" } },
    });
    const created = await client.responses.create({
      model: "gemini-2.5-flash",
      input: "hello",
      background: true,
    });
    expect(created).toMatchObject({
      background: true,
      status: "failed",
      error: { code: "server_error", message: expect.stringContaining("'OTHER'") },
    });
    expect(await polled(created)).toMatchObject({ id: created.id, status: "failed" });
  });

  it("no answer at all (upstream 503 on every attempt) → an HTTP error still: no response was made to poll", async () => {
    stack.simulator.script({ forever: true, respond: { error: { status: 503 } } });
    const error = await client.responses
      .create({ model: "gemini-2.5-flash", input: "hello", background: true })
      .then(
        () => undefined,
        (failure: unknown) => failure,
      );
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
  });

  it("responses.cancel → the ended Response as it is, every time (OpenAI's cancel of an ended one)", async () => {
    const created = await client.responses.create({ model: "gpt-4o", input: "hi", background: true });
    const first = await client.responses.cancel(created.id);
    // The SDK adds `output_text` to what create and retrieve return, not to what cancel returns.
    const { output_text: _text, ...retrieved } = await client.responses.retrieve(created.id);
    expect(first).toEqual(retrieved);
    expect(first.status).toBe("completed");
    expect(await client.responses.cancel(created.id)).toEqual(first);
  });

  it("streamed: the events say background: true and end with response.completed", async () => {
    const stream = await client.responses.create({
      model: "gpt-4o",
      input: "hi",
      background: true,
      stream: true,
    });
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    const created = events[0];
    expect(created).toMatchObject({ type: "response.created", response: { background: true } });
    expect(events.at(-1)).toMatchObject({ type: "response.completed", response: { background: true } });
  });

  it("retrieve with stream: true → 400 naming `stream` (no events are kept to stream again)", async () => {
    const created = await client.responses.create({ model: "gpt-4o", input: "hi", background: true });
    const refused = await client.responses
      .retrieve(created.id, { stream: true })
      .then(async (stream) => {
        for await (const _event of stream);
      })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
    expect(refused).toMatchObject({ param: "stream" });
  });

  it("with store: false → 400 naming store, nothing sent upstream (a background response is polled by id)", async () => {
    const error = await refusal(
      client.responses.create({ model: "gpt-4o", input: "hi", background: true, store: false }),
    );
    expect(error).toMatchObject({ status: 400, param: "store" });
    expect(generationCalls(stack.simulator)).toHaveLength(0);
  });
});
