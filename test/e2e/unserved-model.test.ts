import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Stack, startStack } from "../helpers/stack.js";

/** A client's model name that agate maps to a model the upstream does not have: the 404 says why and what to do. */

let stack: Stack;
let client: OpenAI;

beforeAll(async () => {
  stack = await startStack(1, {
    model_mapping: { "team-model": "gemini-0-gone" },
    model_aliases: { "gpt-4o": "gemini-0-retired" },
  });
  client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: "unused", maxRetries: 0 });
});
afterAll(() => stack.close());

async function notFound(request: Promise<unknown>): Promise<InstanceType<typeof OpenAI.NotFoundError>> {
  const error = await request.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(OpenAI.NotFoundError);
  return error as InstanceType<typeof OpenAI.NotFoundError>;
}

const hi = [{ role: "user" as const, content: "hi" }];

describe("a model the upstream does not have, reached through a mapping", () => {
  it.each([false, true])(
    "a built-in alias (stream: %s): 404 model_not_found naming the alias and the fix",
    async (stream) => {
      const error = await notFound(client.chat.completions.create({ model: "gpt-4o", messages: hi, stream }));
      expect(error.code).toBe("model_not_found");
      expect(error.param).toBe("model");
      expect(error.message).toContain(
        "'gpt-4o' is mapped to 'gemini-0-retired' by agate's built-in aliases (model_aliases), and the upstream has no such model",
      );
      expect(error.message).toContain("model_mapping");
      expect(error.message).toContain("Upstream (Gemini) said: models/gemini-0-retired is not found");
      expect(error.message).not.toContain("sim-key");
    },
  );

  it("model_mapping, on the Responses route too", async () => {
    const error = await notFound(client.responses.create({ model: "team-model", input: "hi" }));
    expect(error.message).toContain("'team-model' is mapped to 'gemini-0-gone' by model_mapping");
  });

  it("a name sent unchanged: the upstream's 404 as before, with no mapping advice", async () => {
    const error = await notFound(client.completions.create({ model: "gemini-0-unknown", prompt: "hi" }));
    expect(error.code).toBe("model_not_found");
    expect(error.message).not.toContain("is mapped to");
  });
});
