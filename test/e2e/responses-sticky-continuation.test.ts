import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Stack, startStack } from "../helpers/stack.js";

let stack: Stack;
let client: OpenAI;

beforeAll(async () => {
  stack = await startStack(3);
  client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: "unused", maxRetries: 0 });
});
afterAll(() => stack.close());

/** The account that served a response (X-Account-Email). */
async function servedBy(body: OpenAI.Responses.ResponseCreateParamsNonStreaming) {
  const { data, response } = await client.responses.create(body).withResponse();
  return { id: data.id, account: response.headers.get("x-account-email") };
}

describe("previous_response_id keeps the conversation's account (contract §6, §9)", () => {
  it("also when the continuations leave out the first turn's instructions (they are not carried over)", async () => {
    const first = await servedBy({
      model: "gpt-4o",
      instructions: "Answer in one word.",
      input: "Which colour is the sky?",
    });
    const accounts = [first.account];
    let previous = first.id;
    for (const input of ["And at night?", "And at dawn?", "And under water?"]) {
      const next = await servedBy({ model: "gpt-4o", input, previous_response_id: previous });
      accounts.push(next.account);
      previous = next.id;
    }
    expect(new Set(accounts)).toEqual(new Set([first.account]));
  });
});
