import type { OpenAIProvider } from "@ai-sdk/openai";
import { generateText, stepCountIs, streamText, tool } from "ai";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { aiSdkProvider } from "../helpers/sdk-clients.js";
import { sharedStack } from "../helpers/shared-stack.js";
import { generationBodies } from "../helpers/sim-requests.js";

const stack = sharedStack();
let provider: OpenAIProvider;
beforeAll(() => {
  provider = aiSdkProvider(stack.url);
});

const weather = tool({
  description: "The weather in a city",
  inputSchema: z.object({ city: z.string() }),
  execute: async ({ city }) => ({ city, temperature: 21 }),
});

describe("the Vercel AI SDK's chat model through agate", () => {
  it("generateText with a tool: call, execute, final answer", async () => {
    stack.simulator.script({
      respond: { reply: { functionCalls: [{ name: "weather", args: { city: "Paris" } }], signature: true } },
    });
    const result = await generateText({
      model: provider.chat("gemini-3-pro-preview"),
      prompt: "Weather in Paris?",
      tools: { weather },
      stopWhen: stepCountIs(3),
    });
    expect(result.steps[0]?.toolCalls[0]).toMatchObject({ toolName: "weather", input: { city: "Paris" } });
    expect(result.steps[0]?.finishReason).toBe("tool-calls");
    expect(result.text).toContain("You said:");
    expect(result.finishReason).toBe("stop");
    const replay = generationBodies(stack.simulator)[1];
    expect(replay?.contents[1]?.parts[0]?.thoughtSignature).toMatch(/./);
    expect(replay?.contents[1]?.parts[0]?.thoughtSignature).not.toBe("skip_thought_signature_validator");
    expect(replay?.contents[2]?.parts[0]?.functionResponse).toMatchObject({ name: "weather" });
  });

  it("streamText with a tool streams the call and then the answer", async () => {
    stack.simulator.script({
      respond: { reply: { functionCalls: [{ name: "weather", args: { city: "Rome" } }] } },
    });
    const result = streamText({
      model: provider.chat("gemini-2.5-flash"),
      prompt: "Weather in Rome?",
      tools: { weather },
      stopWhen: stepCountIs(3),
    });
    let text = "";
    for await (const delta of result.textStream) text += delta;
    const steps = await result.steps;
    expect(steps[0]?.toolCalls[0]).toMatchObject({ toolName: "weather", input: { city: "Rome" } });
    expect(text).toContain("You said:");
    expect(await result.finishReason).toBe("stop");
  });
});

describe("the Vercel AI SDK's Responses model through agate", () => {
  it.each([false, true])(
    "store: false, reasoning asked for (stream: %s): no warning about reasoning without encrypted content, signature kept",
    async (streaming) => {
      // Gemini 3 thinks, then signs the step on its first call (not on the thought).
      stack.simulator.script({
        respond: {
          reply: {
            thought: "Look up Paris first.",
            functionCalls: [{ name: "weather", args: { city: "Paris" } }],
            signature: true,
          },
        },
      });
      stack.simulator.script({ respond: { reply: { thought: "Answer.", text: "Sunny, 21 degrees." } } });
      const options = {
        model: provider("gemini-3-pro-preview"),
        prompt: "Weather in Paris?",
        tools: { weather },
        stopWhen: stepCountIs(3),
        providerOptions: { openai: { store: false, forceReasoning: true } },
      };
      const steps = streaming ? await streamText(options).steps : (await generateText(options)).steps;
      expect(steps.map((step) => step.finishReason)).toEqual(["tool-calls", "stop"]);
      expect(steps.flatMap((step) => step.warnings ?? [])).toEqual([]);
      const replay = generationBodies(stack.simulator)[1];
      expect(replay?.contents[1]?.parts[0]?.thoughtSignature).toMatch(/./);
      expect(replay?.contents[1]?.parts[0]?.thoughtSignature).not.toBe("skip_thought_signature_validator");
    },
  );
});
