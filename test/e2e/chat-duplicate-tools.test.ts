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

const weather = {
  type: "function" as const,
  function: {
    name: "get_weather",
    description: "Weather in a city",
    parameters: { type: "object", properties: { city: { type: "string" } } },
  },
};
const declared = () => {
  const body = stack.simulator.requests.find((request) => request.kind === "gemini")?.body as
    | { tools?: { functionDeclarations?: { name: string }[] }[] }
    | undefined;
  return (body?.tools ?? []).flatMap((tool) => tool.functionDeclarations ?? []).map((fn) => fn.name);
};

// Open WebUI can send one tool twice; Gemini refuses duplicate declarations ("Duplicate function declaration
// found"), OpenAI takes them. The simulator refuses them as Gemini does, so the answer comes only if agate
// declares the tool once.
it("a tool declared twice alike reaches Gemini once, and the chat is answered", async () => {
  const completion = await client.chat.completions.create({
    model: "gpt-4o",
    tools: [weather, { type: "function", function: { name: "get_time" } }, weather],
    messages: [{ role: "user", content: "Weather in Paris?" }],
  });
  expect(declared()).toEqual(["get_weather", "get_time"]);
  expect(completion.choices[0]?.finish_reason).toBeDefined();
});

it("two different tools of one name are a 400 naming the second, before any upstream call", async () => {
  const other = { type: "function" as const, function: { ...weather.function, description: "Forecast" } };
  const refused = client.chat.completions.create({
    model: "gpt-4o",
    tools: [weather, other],
    messages: [{ role: "user", content: "Weather in Paris?" }],
  });
  await expect(refused).rejects.toMatchObject({ status: 400, param: "tools[1].function.name" });
  expect(stack.simulator.requests).toHaveLength(0);
});
