import OpenAI from "openai";
import { afterEach, expect, it } from "vitest";
import { type Stack, startStack } from "../helpers/stack.js";

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const ask = (url: string) =>
  new OpenAI({ baseURL: `${url}/v1`, apiKey: "x", maxRetries: 0 }).chat.completions
    .create({ model: "gemini-2.5-flash", messages: [{ role: "user", content: "x" }] })
    .catch((error: unknown) => error);

it("an upstream that never answers within request_timeout_ms → 504 upstream_timeout", async () => {
  stack = await startStack(1, {
    request_timeout_ms: 300,
    first_byte_timeout_ms: 60_000,
    retry_wait_budget_ms: 0,
  });
  stack.simulator.script({ forever: true, respond: { fault: "hang" } });
  const error = await ask(stack.url);
  expect(error).toBeInstanceOf(OpenAI.APIError);
  expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(504);
  expect((error as InstanceType<typeof OpenAI.APIError>).code).toBe("upstream_timeout");
});

it("a hang past first_byte_timeout_ms on one account is answered by the next", async () => {
  stack = await startStack(2, { first_byte_timeout_ms: 300 });
  stack.simulator.script({ respond: { fault: "hang" } });
  const answer = await new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: "x", maxRetries: 0 }).chat.completions
    .create({ model: "gemini-2.5-flash", messages: [{ role: "user", content: "x" }] })
    .withResponse();
  expect(answer.data.choices[0]?.message.content).toContain("You said: x");
  expect(answer.response.headers.get("x-agate-attempts")).toBe("2");
});
