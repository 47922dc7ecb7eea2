import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Stack, startStack } from "../helpers/stack.js";

let stack: Stack;
let client: OpenAI;

beforeAll(async () => {
  stack = await startStack(1);
  client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: "unused", maxRetries: 0 });
});
afterAll(() => stack.close());
beforeEach(() => stack.simulator.reset());

type GeminiBody = { contents: { role: string; parts: Record<string, unknown>[] }[] };
const lastUpstreamBody = () =>
  stack.simulator.requests.filter((request) => request.model !== undefined).at(-1)?.body as
    | GeminiBody
    | undefined;

const png =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==";
const screenshot: OpenAI.Chat.ChatCompletionTool = {
  type: "function",
  function: { name: "screenshot", parameters: { type: "object", properties: {} } },
};

/**
 * Zed's agent (and other IDE assistants) answer a tool that returned an image — a screenshot, an image file it
 * read — with a tool message whose content holds text and image_url parts. The SDK's types say text only, so
 * those clients build the message themselves.
 */
const toolMessageWithImage = {
  role: "tool",
  tool_call_id: "call_shot",
  content: [
    { type: "text", text: "the screen:" },
    { type: "image_url", image_url: { url: `data:image/png;base64,${png}` } },
  ],
} as unknown as OpenAI.Chat.ChatCompletionToolMessageParam;

describe("a tool message with images (IDE agents' screenshots and image files)", () => {
  it.each([false, true])(
    "is answered (stream: %s); the image goes upstream after the function response",
    async (stream) => {
      const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [
        { role: "user", content: "What is on my screen?" },
        {
          role: "assistant",
          content: "",
          tool_calls: [
            { id: "call_shot", type: "function", function: { name: "screenshot", arguments: "{}" } },
          ],
        },
        toolMessageWithImage,
      ];
      if (stream) {
        const chunks = await client.chat.completions.create({
          model: "gemini-2.5-pro",
          messages,
          tools: [screenshot],
          stream: true,
          stream_options: { include_usage: true },
        });
        let text = "";
        for await (const chunk of chunks) text += chunk.choices[0]?.delta.content ?? "";
        expect(text).not.toBe("");
      } else {
        const answer = await client.chat.completions.create({
          model: "gemini-2.5-pro",
          messages,
          tools: [screenshot],
        });
        expect(answer.choices[0]?.finish_reason).toBe("stop");
      }
      expect(lastUpstreamBody()?.contents.at(-1)).toEqual({
        role: "user",
        parts: [
          { functionResponse: { name: "screenshot", response: { result: "the screen:" } } },
          { inlineData: { mimeType: "image/png", data: png } },
        ],
      });
    },
  );
});
