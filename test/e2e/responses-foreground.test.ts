import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Stack, startStack } from "../helpers/stack.js";

// agate answers every response in the foreground: what OpenAI keeps for background responses (cancel, a
// stream resumed by GET) is answered as OpenAI answers it for a foreground one.

let stack: Stack;
let client: OpenAI;

beforeAll(async () => {
  stack = await startStack(1);
  client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: "unused", maxRetries: 0 });
});
afterAll(() => stack.close());

describe("a stored response, answered in the foreground", () => {
  it("responses.cancel → 400 (only background responses can be cancelled); an unknown id → 404", async () => {
    const stored = await client.responses.create({ model: "gpt-4o", input: "hi" });
    const refused = await client.responses.cancel(stored.id).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
    expect((refused as InstanceType<typeof OpenAI.BadRequestError>).message).toMatch(/background/);
    const unknown = await client.responses.cancel("resp_unknown").catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(OpenAI.NotFoundError);
    expect((unknown as InstanceType<typeof OpenAI.NotFoundError>).code).toBe("response_not_found");
    expect((await client.responses.retrieve(stored.id)).status).toBe("completed");
  });

  it("retrieve with stream: true → 400 naming `stream`, not a JSON body the SDK reads as an empty stream", async () => {
    const stored = await client.responses.create({ model: "gpt-4o", input: "hi" });
    const resumed = client.responses
      .retrieve(stored.id, { stream: true, starting_after: 2 })
      .then(async (stream) => {
        for await (const _event of stream);
      })
      .catch((error: unknown) => error);
    const refused = await resumed;
    expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
    expect((refused as InstanceType<typeof OpenAI.BadRequestError>).param).toBe("stream");
    expect((await client.responses.retrieve(stored.id, { stream: false })).id).toBe(stored.id);
  });
});
