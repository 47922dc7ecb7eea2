import {
  type AIMessageChunk,
  type BaseMessage,
  type ContentBlock,
  HumanMessage,
  type UsageMetadata,
} from "@langchain/core/messages";
import { tool } from "@langchain/core/tools";
import type { ChatOpenAIFields } from "@langchain/openai";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { langchainModel } from "../helpers/sdk-clients.js";
import { sharedStack } from "../helpers/shared-stack.js";
import { generationBodies } from "../helpers/sim-requests.js";

/**
 * LangChain's ChatOpenAI through agate, on Chat Completions and on the Responses API (`useResponsesApi`), as
 * its users drive it: a bindTools loop fed back with ToolMessages, withStructuredOutput by function calling
 * and by JSON schema, streaming with streamUsage, images, failures midway, and the built-in aliases with the
 * output limit LangChain sends for each.
 */
const stack = sharedStack();

const APIS = [
  { api: "Chat Completions", responses: false },
  { api: "Responses", responses: true },
] as const;

const chatModel = (model: string, useResponsesApi: boolean, fields: Partial<ChatOpenAIFields> = {}) =>
  langchainModel(stack.url, model, { useResponsesApi, ...fields });

const geminiBodies = () => generationBodies(stack.simulator);

async function collect(stream: AsyncIterable<AIMessageChunk>): Promise<AIMessageChunk | undefined> {
  let whole: AIMessageChunk | undefined;
  for await (const chunk of stream) whole = whole === undefined ? chunk : whole.concat(chunk);
  return whole;
}

const weather = tool(async ({ city }: { city: string }) => JSON.stringify({ city, celsius: 21 }), {
  name: "weather",
  description: "The weather in a city",
  schema: z.object({ city: z.string() }),
});

describe("bindTools and a loop of ToolMessages", () => {
  it.each(APIS.flatMap((api) => [false, true].map((streaming) => ({ ...api, streaming }))))(
    "$api (streaming: $streaming): two tool steps, then the answer; Gemini 3's signatures go back",
    async ({ responses, streaming }) => {
      for (const city of ["Paris", "Rome"]) {
        stack.simulator.script({
          respond: { reply: { functionCalls: [{ name: "weather", args: { city } }], signature: true } },
        });
      }
      const model = chatModel("gpt-5", responses, { streaming }).bindTools([weather]);
      const messages: BaseMessage[] = [new HumanMessage("Weather in Paris, then in Rome?")];
      const calls: string[] = [];
      for (let step = 0; step < 4; step += 1) {
        const answer = streaming ? await collect(await model.stream(messages)) : await model.invoke(messages);
        if (answer === undefined) throw new Error("no answer");
        messages.push(answer);
        if (!answer.tool_calls?.length) break;
        for (const call of answer.tool_calls) {
          calls.push(String(call.args.city));
          messages.push(await weather.invoke({ ...call, type: "tool_call" }));
        }
      }
      expect(calls).toEqual(["Paris", "Rome"]);
      expect(messages.at(-1)?.text).toContain("You said: [results of weather]");
      const last = geminiBodies().at(-1);
      const signatures = last?.contents.flatMap((turn) =>
        turn.parts.filter((part) => part.functionCall !== undefined).map((part) => part.thoughtSignature),
      );
      expect(signatures).toHaveLength(2);
      for (const signature of signatures ?? []) {
        expect(signature).toMatch(/./);
        expect(signature).not.toBe("skip_thought_signature_validator");
      }
    },
  );
});

describe("withStructuredOutput", () => {
  const Profile = z.object({
    name: z.string(),
    tags: z.array(z.object({ label: z.string(), weight: z.number().optional() })),
    grid: z.array(z.array(z.number())),
    nickname: z.string().nullable(),
    mood: z.enum(["happy", "sad"]),
    note: z.string().optional(),
  });

  it.each(
    APIS.flatMap((api) => (["functionCalling", "jsonSchema"] as const).map((method) => ({ ...api, method }))),
  )(
    "$api, method $method: nested arrays, optional, nullable and enum fields parse",
    async ({ responses, method }) => {
      const parsed = await chatModel("gpt-4o", responses)
        .withStructuredOutput(Profile, { method })
        .invoke("Ada");
      expect(Profile.parse(parsed)).toMatchObject({ name: "Ada", mood: "happy", grid: [[1]] });
      const sent = geminiBodies().at(-1);
      if (method === "functionCalling") {
        expect(sent?.toolConfig).toEqual({
          functionCallingConfig: { mode: "ANY", allowedFunctionNames: ["extract"] },
        });
      } else {
        expect(sent?.generationConfig).toMatchObject({
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

describe("streaming with streamUsage", () => {
  it.each(APIS)(
    "$api: the streamed message carries usage_metadata with the reasoning tokens",
    async ({ responses }) => {
      const whole = await collect(await chatModel("gpt-5", responses, { streamUsage: true }).stream("hello"));
      expect(whole?.text).toContain("You said: hello");
      const usage = whole?.usage_metadata as UsageMetadata | undefined;
      expect(usage?.output_token_details).toEqual({ reasoning: 120 });
      expect(usage?.input_tokens).toBeGreaterThan(0);
      expect(usage?.output_tokens).toBeGreaterThan(120);
      expect(usage?.total_tokens).toBe((usage?.input_tokens ?? 0) + (usage?.output_tokens ?? 0));
    },
  );
});

describe("an upstream failure after the first byte", () => {
  it.each(APIS)("$api: the stream raises, it does not just stop", async ({ responses }) => {
    stack.simulator.script({ respond: { fault: "stream-error", afterChunks: 2 } });
    const words = Array.from({ length: 20 }, (_, index) => `word${index}`).join(" ");
    const failure = await collect(await chatModel("gpt-4o", responses).stream(words)).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toContain("The upstream failed");
  });
});

describe("images", () => {
  const PNG =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
  it.each(APIS)(
    "$api: a data URL, a base64 block and a v1 image block reach Gemini inline",
    async ({ responses }) => {
      const model = chatModel("gpt-4o", responses);
      const question = (image: ContentBlock) => [
        new HumanMessage({ content: [{ type: "text", text: "What is it?" }, image] }),
      ];
      await model.invoke(question({ type: "image_url", image_url: { url: `data:image/png;base64,${PNG}` } }));
      // LangChain's base64 block: on Responses it sends a Chat Completions `image_url` part.
      await model.invoke(
        question({ type: "image", source_type: "base64", data: PNG, mime_type: "image/png" }),
      );
      await model.invoke([
        new HumanMessage({
          contentBlocks: [
            { type: "text", text: "What is it?" },
            { type: "image", data: PNG, mimeType: "image/png" },
          ],
        }),
      ]);
      const images = geminiBodies().map((body) => body.contents[0]?.parts[1]);
      expect(images).toEqual(Array(3).fill({ inlineData: { mimeType: "image/png", data: PNG } }));
    },
  );
});

describe("the built-in aliases, which think by default, with the limit LangChain sends", () => {
  it.each(
    APIS.flatMap((api) => ["gpt-4o", "gpt-4.1-mini", "gpt-5", "o3"].map((alias) => ({ ...api, alias }))),
  )(
    "$api, $alias with maxTokens 100: an answer, not an empty message cut for length",
    async ({ responses, alias }) => {
      const model = chatModel(alias, responses, { maxTokens: 100 });
      const answer = await model.invoke("Write a title for this chat");
      expect(answer.text).toContain("You said: Write a title for this chat");
      const whole = await collect(await model.stream("Write a title for this chat"));
      expect(whole?.text).toContain("You said: Write a title for this chat");
      const limit = geminiBodies().at(-1)?.generationConfig?.maxOutputTokens;
      expect(limit).toBe(100);
    },
  );

  it.each(APIS)(
    "$api: with a reasoning effort the thoughts come apart from the text",
    async ({ responses }) => {
      const model = chatModel("o3", responses, {
        reasoning: responses ? { effort: "low", summary: "auto" } : { effort: "low" },
      });
      for (const answer of [await model.invoke("hello"), await collect(await model.stream("hello"))]) {
        expect(answer?.text).toMatch(/^Hello from the agate simulator .*You said: hello$/);
        const thoughts = responses
          ? JSON.stringify(answer?.additional_kwargs.reasoning)
          : String(answer?.additional_kwargs.reasoning_content);
        expect(thoughts).toContain("The user said");
      }
    },
  );
});
