import type { OpenAIProvider } from "@ai-sdk/openai";
import {
  generateObject,
  generateText,
  type LanguageModel,
  type ModelMessage,
  stepCountIs,
  streamObject,
  streamText,
  tool,
} from "ai";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { aiSdkProvider } from "../helpers/sdk-clients.js";
import { sharedStack } from "../helpers/shared-stack.js";
import { generationBodies, generationCalls } from "../helpers/sim-requests.js";
import { waitUntil } from "../helpers/wait-until.js";

/**
 * The Vercel AI SDK 6 through agate, on its chat model (`openai.chat`) and its Responses model
 * (`openai.responses`), as its users drive them: multi-step tool loops, structured output, reasoning,
 * previousResponseId, store: false with encrypted reasoning, images, an abort midway, usage, and the
 * built-in aliases with a small maxOutputTokens.
 */
const stack = sharedStack();
let provider: OpenAIProvider;
/** The JSON bodies the SDK sent to agate, in order. */
const sent: Record<string, unknown>[] = [];

beforeAll(() => {
  provider = aiSdkProvider(stack.url, async (url, init) => {
    if (typeof init?.body === "string") sent.push(JSON.parse(init.body) as Record<string, unknown>);
    return fetch(url, init);
  });
});
beforeEach(() => {
  sent.length = 0;
});

const MODELS = [
  { api: "chat", model: (id: string): LanguageModel => provider.chat(id) },
  { api: "responses", model: (id: string): LanguageModel => provider.responses(id) },
];

const geminiCalls = () => generationCalls(stack.simulator);
const geminiBodies = () => generationBodies(stack.simulator);

const weather = tool({
  description: "The weather in a city",
  inputSchema: z.object({ city: z.string(), unit: z.enum(["c", "f"]).optional() }),
  execute: async ({ city }) => ({ city, celsius: 21 }),
});

describe("tools over several steps (stopWhen)", () => {
  it.each(MODELS.flatMap((entry) => [false, true].map((streaming) => ({ ...entry, streaming }))))(
    "$api (streamed: $streaming): two tool steps with reasoning, then the answer",
    async ({ model, streaming }) => {
      for (const city of ["Paris", "Rome"]) {
        stack.simulator.script({
          respond: {
            reply: {
              thought: `Look up ${city}.`,
              functionCalls: [{ name: "weather", args: { city } }],
              signature: true,
            },
          },
        });
      }
      const options = {
        model: model("gpt-5"),
        prompt: "Weather in Paris, then in Rome?",
        tools: { weather },
        stopWhen: stepCountIs(5),
        providerOptions: { openai: { reasoningEffort: "low", reasoningSummary: "auto" } },
      } as const;
      const result = streaming ? streamText(options) : await generateText(options);
      const steps = await result.steps;
      expect(steps.map((step) => step.finishReason)).toEqual(["tool-calls", "tool-calls", "stop"]);
      expect(steps.map((step) => step.toolCalls.map((call) => call.input))).toEqual([
        [{ city: "Paris" }],
        [{ city: "Rome" }],
        [],
      ]);
      expect(await result.text).toContain("You said: [results of weather]");
      expect(await result.text).not.toContain("Look up");
      expect(steps.flatMap((step) => step.warnings ?? [])).toEqual([]);
      const last = geminiBodies().at(-1);
      const signatures = last?.contents.flatMap((turn) =>
        turn.parts.filter((part) => part.functionCall !== undefined).map((part) => part.thoughtSignature),
      );
      expect(signatures).toHaveLength(2);
      expect(signatures).not.toContain("skip_thought_signature_validator");
    },
  );
});

describe("structured output with a zod schema", () => {
  const Profile = z.object({
    name: z.string(),
    tags: z.array(z.object({ label: z.string(), weight: z.number().optional() })),
    grid: z.array(z.array(z.number())),
    nickname: z.string().nullable(),
    mood: z.enum(["happy", "sad"]),
    note: z.string().optional(),
  });

  it.each(MODELS)(
    "$api: generateObject and streamObject parse nested arrays, optional, nullable, enums",
    async ({ model }) => {
      const whole = await generateObject({ model: model("gpt-4o"), schema: Profile, prompt: "Ada" });
      const streamed = streamObject({ model: model("gpt-5"), schema: Profile, prompt: "Ada" });
      for await (const _partial of streamed.partialObjectStream);
      for (const object of [whole.object, await streamed.object]) {
        expect(object).toMatchObject({ name: "Ada", grid: [[1]], mood: "happy" });
      }
      for (const body of geminiBodies()) {
        expect(body.generationConfig).toMatchObject({
          responseMimeType: "application/json",
          responseSchema: {
            properties: {
              nickname: { type: "string", nullable: true },
              mood: { type: "string", enum: ["happy", "sad"] },
              grid: { type: "array", items: { type: "array", items: { type: "number" } } },
            },
          },
        });
      }
    },
  );
});

describe("reasoning", () => {
  it("chat: providerOptions.openai.reasoningEffort reaches Gemini; the thoughts stay out of the text", async () => {
    const result = await generateText({
      model: provider.chat("gpt-5"),
      prompt: "hello",
      providerOptions: { openai: { reasoningEffort: "high" } },
    });
    expect(result.text).toMatch(/^Hello from the agate simulator .*You said: hello$/);
    expect(result.usage.outputTokenDetails.reasoningTokens).toBe(120);
    expect(geminiBodies()[0]?.generationConfig?.thinkingConfig).toMatchObject({ thinkingLevel: "high" });
  });

  it.each([false, true])(
    "openai.responses with a reasoning summary (streamed: %s): reasoning parts, apart from the text",
    async (streaming) => {
      const options = {
        model: provider.responses("o3"),
        prompt: "hello",
        providerOptions: { openai: { reasoningEffort: "low", reasoningSummary: "detailed" } },
      } as const;
      const result = streaming ? streamText(options) : await generateText(options);
      expect(await result.reasoningText).toBe('The user said "hello". I will greet them and echo it back.');
      expect(await result.text).toMatch(/^Hello from the agate simulator .*You said: hello$/);
      expect((await result.content).map((part) => part.type)).toEqual(["reasoning", "text"]);
    },
  );
});

describe("openai.responses conversations", () => {
  it("previousResponseId: the next turn, and a tool result sent alone, go on from the stored response", async () => {
    const first = await generateText({ model: provider.responses("gpt-4o"), prompt: "My name is Ada." });
    const second = await generateText({
      model: provider.responses("gpt-4o"),
      prompt: "And my name?",
      providerOptions: {
        openai: { previousResponseId: first.providerMetadata?.openai?.responseId as string },
      },
    });
    expect(second.text).toContain("You said: And my name?");
    expect(geminiBodies()[1]?.contents.map((turn) => turn.role)).toEqual(["user", "model", "user"]);

    stack.simulator.script({
      respond: { reply: { functionCalls: [{ name: "weather", args: { city: "Oslo" } }], signature: true } },
    });
    const asked = await generateText({
      model: provider.responses("gpt-5"),
      prompt: "Weather in Oslo?",
      tools: { weather },
      stopWhen: stepCountIs(1),
    });
    const [call] = asked.toolResults;
    const answered = await generateText({
      model: provider.responses("gpt-5"),
      messages: [
        {
          role: "tool",
          content: [
            {
              type: "tool-result",
              toolCallId: call?.toolCallId ?? "",
              toolName: "weather",
              output: { type: "json", value: { city: "Oslo", celsius: 3 } },
            },
          ],
        },
      ],
      tools: { weather },
      providerOptions: {
        openai: { previousResponseId: asked.providerMetadata?.openai?.responseId as string },
      },
    });
    expect(answered.text).toContain("You said: [results of weather]");
    const replay = geminiBodies().at(-1)?.contents;
    expect(replay?.[1]?.parts[0]?.thoughtSignature).toMatch(/./);
    expect(replay?.[1]?.parts[0]?.thoughtSignature).not.toBe("skip_thought_signature_validator");
  });

  it.each([false, true])(
    "store: false (streamed: %s): three turns resent whole, each reasoning item with its encrypted_content",
    async (streaming) => {
      const options = {
        model: provider.responses("gpt-5"),
        providerOptions: { openai: { store: false, reasoningEffort: "low", reasoningSummary: "auto" } },
      } as const;
      const messages: ModelMessage[] = [];
      for (const said of ["one", "two", "three"]) {
        messages.push({ role: "user", content: `turn ${said}` });
        const result = streaming
          ? streamText({ ...options, messages })
          : await generateText({ ...options, messages });
        expect(await result.text).toContain(`You said: turn ${said}`);
        expect((await result.warnings) ?? []).toEqual([]);
        messages.push(...(await result.response).messages);
      }
      const input = sent.at(-1)?.input as { type?: string; encrypted_content?: unknown }[];
      const reasoning = input.filter((item) => item.type === "reasoning");
      expect(reasoning).toHaveLength(2);
      for (const item of reasoning) expect(item.encrypted_content).toEqual(expect.any(String));
      expect(sent.at(-1)?.include).toEqual(["reasoning.encrypted_content"]);
    },
  );
});

describe("images, an abort, usage", () => {
  const PNG =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

  it.each(MODELS)("$api: an image as a data URL reaches Gemini inline", async ({ model }) => {
    const result = await generateText({
      model: model("gpt-4o"),
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "What is it?" },
            { type: "image", image: `data:image/png;base64,${PNG}` },
          ],
        },
      ],
    });
    expect(result.text).toContain("You said: What is it?");
    expect(geminiBodies()[0]?.contents[0]?.parts[1]).toEqual({
      inlineData: { mimeType: "image/png", data: PNG },
    });
  });

  it.each(MODELS)(
    "$api: an abort midway stops the upstream call and frees the account",
    async ({ model }) => {
      const words = Array.from({ length: 40 }, (_, index) => `word${index}`).join(" ");
      stack.simulator.script({ chunkDelayMs: 100, respond: { reply: { text: words } } });
      const controller = new AbortController();
      const result = streamText({ model: model("gpt-4o"), prompt: "count", abortSignal: controller.signal });
      const parts: string[] = [];
      for await (const part of result.fullStream) {
        parts.push(part.type);
        if (part.type === "text-delta") controller.abort();
      }
      expect(parts).toContain("abort");
      await waitUntil("the upstream call closed", () => geminiCalls()[0]?.closedAt !== undefined);
      expect(geminiCalls()[0]?.finished).toBe(false);
      await waitUntil("the account freed", () => stack.gateway.pool.inFlightCount() === 0);
    },
  );

  it.each(MODELS.flatMap((entry) => [false, true].map((streaming) => ({ ...entry, streaming }))))(
    "$api (streamed: $streaming): usage with cached and reasoning tokens",
    async ({ model, streaming }) => {
      stack.simulator.script({
        respond: {
          reply: {
            text: "An answer.",
            usage: {
              promptTokenCount: 100,
              cachedContentTokenCount: 60,
              candidatesTokenCount: 2,
              thoughtsTokenCount: 7,
            },
          },
        },
      });
      const options = { model: model("gpt-4o"), prompt: "x" };
      const usage = await (streaming ? streamText(options) : await generateText(options)).usage;
      expect(usage).toMatchObject({
        inputTokens: 100,
        inputTokenDetails: { noCacheTokens: 40, cacheReadTokens: 60 },
        outputTokens: 9,
        outputTokenDetails: { textTokens: 2, reasoningTokens: 7 },
        totalTokens: 109,
      });
    },
  );
});

describe("the built-in aliases, which think by default, with a small maxOutputTokens", () => {
  it.each(
    MODELS.flatMap((entry) =>
      ["gpt-4o", "gpt-4.1-mini", "gpt-5", "o3"].map((alias) => ({ ...entry, alias })),
    ),
  )(
    "$api, $alias with maxOutputTokens 100: an answer, not an empty one cut for length",
    async ({ model, alias }) => {
      for (const streaming of [false, true]) {
        const options = { model: model(alias), prompt: "Write a title for this chat", maxOutputTokens: 100 };
        const result = streaming ? streamText(options) : await generateText(options);
        expect(await result.text).toMatch(
          /^Hello from the agate simulator .*You said: Write a title for this chat$/,
        );
        expect(await result.finishReason).toBe("stop");
      }
      expect(geminiBodies().map((body) => body.generationConfig?.maxOutputTokens)).toEqual([100, 100]);
    },
  );
});
