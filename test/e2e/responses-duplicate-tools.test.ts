import type OpenAI from "openai";
import { expect, it } from "vitest";
import { openaiClient } from "../helpers/sdk-clients.js";
import { sharedStack } from "../helpers/shared-stack.js";
import { generationBodies } from "../helpers/sim-requests.js";

const stack = sharedStack();

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
  const response = await openaiClient(stack.url).responses.create({
    model: "gpt-4o",
    tools: [weather, { ...weather }],
    input: "Weather in Paris?",
  });
  expect(response.status).toBe("completed");
  const tools = (generationBodies(stack.simulator)[0]?.tools ?? []) as {
    functionDeclarations?: { name: string }[];
  }[];
  const names = tools.flatMap((tool) => tool.functionDeclarations ?? []).map((fn) => fn.name);
  expect(names).toEqual(["get_weather"]);
});
