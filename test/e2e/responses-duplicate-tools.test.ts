import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { type Stack, startStack } from "../helpers/stack.js";

let stack: Stack;
let client: OpenAI;

beforeAll(async () => {
  stack = await startStack(1);
  client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: "unused", maxRetries: 0 });
});
afterAll(() => stack.close());
beforeEach(() => stack.simulator.reset());

const weather: OpenAI.Responses.FunctionTool = {
  type: "function",
  name: "get_weather",
  description: "Weather in a city",
  parameters: { type: "object", properties: { city: { type: "string" } } },
  strict: false,
};

// The simulator refuses a function name declared twice, as Gemini does ("Duplicate function declaration
// found"): this answer comes only if agate declares the tool once.
it("a function tool sent twice alike reaches Gemini once, and the response is answered", async () => {
  const response = await client.responses.create({
    model: "gpt-4o",
    tools: [weather, { ...weather }],
    input: "Weather in Paris?",
  });
  expect(response.status).toBe("completed");
  const body = stack.simulator.requests.find((request) => request.kind === "gemini")?.body as
    | { tools?: { functionDeclarations?: { name: string }[] }[] }
    | undefined;
  const names = (body?.tools ?? []).flatMap((tool) => tool.functionDeclarations ?? []).map((fn) => fn.name);
  expect(names).toEqual(["get_weather"]);
});
