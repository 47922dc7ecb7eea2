import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Stack, startStack } from "../helpers/stack.js";
import { warningsDuring } from "../helpers/warnings.js";

let stack: Stack;
let client: OpenAI;

// gpt-4o goes to Gemini 3.5 Flash (the built-in aliases); old-flash to Gemini 2.5 Flash, which cannot search
// while functions are declared.
beforeAll(async () => {
  stack = await startStack(1, { model_mapping: { "old-flash": "gemini-2.5-flash" } });
  client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: "unused", maxRetries: 0 });
});
afterAll(() => stack.close());
beforeEach(() => stack.simulator.reset());

// The simulator's default grounding cites each sentence of its echo; the last comes after an emoji.
const QUESTION = "😀 Euro 2024? Wer hat gewonnen?";
const weather = {
  type: "function" as const,
  function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } } } },
};
const responsesWeather = {
  type: "function" as const,
  name: "get_weather",
  parameters: { type: "object", properties: { city: { type: "string" } } },
  strict: false,
};

interface SentBody {
  tools?: Record<string, unknown>[];
  toolConfig?: Record<string, unknown>;
}
const sent = () => stack.simulator.requests.find((request) => request.kind === "gemini")?.body as SentBody;
const toolKinds = () => (sent().tools ?? []).map((tool) => Object.keys(tool)[0]);

describe("a web search beside function tools, on Gemini 3: both go up, as Google's tool combination", () => {
  it("chat: web_search_options and tools → googleSearch beside the functions, the answer cited", async () => {
    const completion = await client.chat.completions.create({
      model: "gpt-4o",
      web_search_options: {},
      tools: [weather],
      messages: [{ role: "user", content: QUESTION }],
    });
    expect(toolKinds()).toEqual(["functionDeclarations", "googleSearch"]);
    expect(sent().toolConfig).toEqual({ includeServerSideToolInvocations: true });
    const message = completion.choices[0]?.message;
    expect(message?.annotations?.length).toBeGreaterThan(0);
    const passages = message?.annotations?.map(({ url_citation }) =>
      message.content?.slice(url_citation.start_index, url_citation.end_index),
    );
    expect(passages).toEqual([
      "Hello from the agate simulator (gemini-3.5-flash).",
      "You said: 😀 Euro 2024?",
      "Wer hat gewonnen?",
    ]);
  });

  it("chat streamed: the same, the citations in one delta.annotations chunk", async () => {
    const stream = client.chat.completions.stream({
      model: "gpt-4o",
      web_search_options: {},
      tools: [weather],
      messages: [{ role: "user", content: QUESTION }],
    });
    const final = await stream.finalChatCompletion();
    expect(toolKinds()).toEqual(["functionDeclarations", "googleSearch"]);
    expect(final.choices[0]?.message.annotations?.length).toBeGreaterThan(0);
  });

  it("responses: a web_search tool beside a function → googleSearch beside it, a web_search_call item", async () => {
    const response = await client.responses.create({
      model: "gpt-4o",
      tools: [{ type: "web_search" }, responsesWeather],
      input: QUESTION,
    });
    expect(toolKinds()).toEqual(["functionDeclarations", "googleSearch"]);
    expect(sent().toolConfig).toEqual({ includeServerSideToolInvocations: true });
    expect(response.output.map((item) => item.type)).toEqual(["web_search_call", "message"]);
    expect(response.output[0]).toMatchObject({ status: "completed", action: { query: QUESTION } });
    const message = response.output[1];
    const part = message?.type === "message" ? message.content[0] : undefined;
    expect(part?.type === "output_text" ? part.annotations.length : 0).toBeGreaterThan(0);
  });

  it("responses streamed: the web_search_call events, the same final response", async () => {
    const stream = client.responses.stream({
      model: "gpt-4o",
      tools: [{ type: "web_search" }, responsesWeather],
      input: QUESTION,
    });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(types).toContain("response.web_search_call.completed");
    expect(types).toContain("response.output_text.annotation.added");
    const final = await stream.finalResponse();
    expect(final.output.map((item) => item.type)).toEqual(["web_search_call", "message"]);
  });

  it("a forced function call still comes back as the call", async () => {
    const completion = await client.chat.completions.create({
      model: "gpt-4o",
      web_search_options: {},
      tools: [weather],
      tool_choice: { type: "function", function: { name: "get_weather" } },
      messages: [{ role: "user", content: "Wetter in Paris?" }],
    });
    expect(sent().toolConfig).toEqual({
      functionCallingConfig: { mode: "ANY", allowedFunctionNames: ["get_weather"] },
      includeServerSideToolInvocations: true,
    });
    expect(completion.choices[0]?.finish_reason).toBe("tool_calls");
    expect(completion.choices[0]?.message.tool_calls?.[0]).toMatchObject({
      function: { name: "get_weather" },
    });
  });

  it("a search model beside tools searches beside them too", async () => {
    await client.chat.completions.create({
      model: "gpt-4o-search-preview",
      tools: [weather],
      messages: [{ role: "user", content: QUESTION }],
    });
    expect(toolKinds()).toEqual(["functionDeclarations", "googleSearch"]);
  });
});

describe("before Gemini 3, chat and Responses alike drop the search and keep the tools", () => {
  it("chat: no 400; the functions go up alone, the answer has no annotations, the log says why", async () => {
    let completion: OpenAI.ChatCompletion | undefined;
    const warnings = await warningsDuring(async () => {
      completion = await client.chat.completions.create({
        model: "old-flash",
        web_search_options: {},
        tools: [weather],
        messages: [{ role: "user", content: QUESTION }],
      });
    });
    expect(warnings).toEqual([
      "web search dropped: gemini-2.5-flash cannot ground with Google Search while function tools are declared (Gemini 3 can)",
    ]);
    expect(toolKinds()).toEqual(["functionDeclarations"]);
    expect(sent().toolConfig).toBeUndefined();
    expect(completion?.choices[0]?.message).not.toHaveProperty("annotations");
  });

  it("responses: the functions go up alone, no web_search_call item", async () => {
    let response: OpenAI.Responses.Response | undefined;
    const warnings = await warningsDuring(async () => {
      response = await client.responses.create({
        model: "old-flash",
        tools: [{ type: "web_search" }, responsesWeather],
        input: QUESTION,
      });
    });
    expect(warnings).toEqual([expect.stringMatching(/^web search dropped: gemini-2\.5-flash cannot/)]);
    expect(toolKinds()).toEqual(["functionDeclarations"]);
    expect(response?.output.map((item) => item.type)).toEqual(["message"]);
    expect(response?.tools).toHaveLength(2);
  });

  it("the search alone still searches on 2.5", async () => {
    await client.chat.completions.create({
      model: "old-flash",
      web_search_options: {},
      messages: [{ role: "user", content: QUESTION }],
    });
    expect(toolKinds()).toEqual(["googleSearch"]);
  });
});
