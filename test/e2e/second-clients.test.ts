import { generateObject, generateText, stepCountIs, tool } from "ai";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { aiSdkProvider, langchainModel } from "../helpers/sdk-clients.js";
import { sharedStack } from "../helpers/shared-stack.js";
import { generationBodies, generationCalls } from "../helpers/sim-requests.js";

const stack = sharedStack();

describe("second clients on /v1/responses", () => {
  it("the Vercel AI SDK's default (Responses) model runs a two-step tool loop", async () => {
    stack.simulator.script({
      respond: { reply: { functionCalls: [{ name: "weather", args: { city: "Paris" } }], signature: true } },
    });
    const provider = aiSdkProvider(stack.url);
    const result = await generateText({
      model: provider("gemini-3-pro-preview"),
      prompt: "Weather in Paris?",
      tools: {
        weather: tool({
          description: "The weather in a city",
          inputSchema: z.object({ city: z.string() }),
          execute: async ({ city }) => ({ city, temperature: 21 }),
        }),
      },
      stopWhen: stepCountIs(3),
    });
    expect(result.steps[0]?.toolCalls[0]).toMatchObject({ toolName: "weather", input: { city: "Paris" } });
    expect(result.text).toContain("You said:");
    expect(generationCalls(stack.simulator)).toHaveLength(2);
  });

  it("LangChain ChatOpenAI with useResponsesApi: invoke and stream", async () => {
    const model = langchainModel(stack.url, "gpt-4o", { useResponsesApi: true });
    const answer = await model.invoke("hello langchain");
    expect(answer.text).toContain("You said: hello langchain");
    let streamed = "";
    for await (const chunk of await model.stream("stream langchain")) {
      streamed += chunk.text;
    }
    expect(streamed).toContain("You said: stream langchain");
  });
});

describe("structured output through second clients (the simulator writes what the schema asks)", () => {
  const person = z.object({ name: z.string(), age: z.number() });
  const langchain = (model: string, useResponsesApi = false) =>
    langchainModel(stack.url, model, { useResponsesApi });
  const upstreamConfigs = () => generationBodies(stack.simulator);

  it("LangChain withStructuredOutput: JSON schema on chat and Responses, a forced call on Gemini 3", async () => {
    expect(await langchain("gpt-4o").withStructuredOutput(person).invoke("Ada")).toEqual({
      name: "Ada",
      age: 1,
    });
    expect(await langchain("gpt-4o", true).withStructuredOutput(person).invoke("Ada")).toEqual({
      name: "Ada",
      age: 1,
    });
    const called = langchain("gemini-3-pro-preview").withStructuredOutput(person, {
      method: "functionCalling",
    });
    expect(await called.invoke("Ada")).toEqual({ name: "Ada", age: 1 });
    expect(upstreamConfigs().at(-1)?.toolConfig).toEqual({
      functionCallingConfig: { mode: "ANY", allowedFunctionNames: ["extract"] },
    });
  });

  it("the Vercel AI SDK's generateObject, on its chat and Responses models", async () => {
    const provider = aiSdkProvider(stack.url);
    for (const model of [provider.chat("gpt-4o"), provider("gpt-4o")]) {
      const { object } = await generateObject({ model, schema: person, prompt: "Ada" });
      expect(object).toEqual({ name: "Ada", age: 1 });
    }
    expect(upstreamConfigs().map((body) => body.generationConfig)).toEqual([
      expect.objectContaining({ responseMimeType: "application/json" }),
      expect.objectContaining({ responseMimeType: "application/json" }),
    ]);
  });
});
