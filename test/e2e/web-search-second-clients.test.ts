import type { OpenAIProvider } from "@ai-sdk/openai";
import { AIMessage, type AIMessageChunk } from "@langchain/core/messages";
import { generateText, type ModelMessage, streamText, type ToolSet } from "ai";
import { beforeAll, describe, expect, it } from "vitest";
import type { SimRule } from "../../src/simulator/index.js";
import { aiSdkProvider, langchainModel } from "../helpers/sdk-clients.js";
import { sharedStack } from "../helpers/shared-stack.js";
import { generationBodies } from "../helpers/sim-requests.js";

const stack = sharedStack();
let provider: OpenAIProvider;
beforeAll(() => {
  provider = aiSdkProvider(stack.url);
});

const FIRST = "Zürich hat 420’000 Einwohner.";
const SECOND = "Der See heißt Zürichsee.";
const ANSWER = `${FIRST} ${SECOND}`;
const WIKI = "https://de.wikipedia.org/wiki/Z%C3%BCrich";
const CITY = "https://www.zuerich.com/";
const OTHER = "https://www.stadt-zuerich.ch/";
// Three pages found, two cited: SECOND by both.
const grounded: SimRule = {
  forever: true,
  respond: {
    reply: {
      text: ANSWER,
      grounding: {
        queries: ["Zürich Einwohner"],
        sources: [
          { uri: WIKI, title: "wikipedia.org" },
          { uri: CITY, title: "zuerich.com" },
          { uri: OTHER, title: "stadt-zuerich.ch" },
        ],
        supports: [
          { text: FIRST, sources: [0] },
          { text: SECOND, sources: [0, 1] },
        ],
      },
    },
  },
};
const QUESTION = "Wie viele Menschen leben in Zürich?";
const citedSources = [
  { type: "source", sourceType: "url", url: WIKI, title: "wikipedia.org" },
  { type: "source", sourceType: "url", url: WIKI, title: "wikipedia.org" },
  { type: "source", sourceType: "url", url: CITY, title: "zuerich.com" },
];
const searchResult = {
  action: { type: "search", query: "Zürich Einwohner", queries: ["Zürich Einwohner"] },
  sources: [
    { type: "url", url: WIKI },
    { type: "url", url: CITY },
    { type: "url", url: OTHER },
  ],
};
const geminiBodies = () => generationBodies(stack.simulator);

/**
 * A provider-defined tool as a ToolSet entry: the SDK's own types disagree under exactOptionalPropertyTypes
 * (its optional output fields are not `| undefined`), which the SDK's users do not compile with.
 */
const hosted = (tool: unknown) => tool as ToolSet[string];

describe("the Vercel AI SDK's Responses model with openai.tools.webSearch()", () => {
  const tools = (): ToolSet => ({ web_search: hosted(provider.tools.webSearch()) });

  it("generateText: result.sources are the citations, the provider-executed search's result lists every page", async () => {
    stack.simulator.script(grounded);
    const result = await generateText({ model: provider("gpt-4o"), prompt: QUESTION, tools: tools() });
    expect(geminiBodies()[0]?.tools).toEqual([{ googleSearch: {} }]);
    expect(result.text).toBe(ANSWER);
    expect(result.warnings).toEqual([]);
    expect(result.sources).toMatchObject(citedSources);
    expect(result.toolResults).toMatchObject([
      { toolName: "web_search", providerExecuted: true, output: searchResult },
    ]);
  });

  it("webSearchPreview too, and streamText gives the search, the text and one source part per citation", async () => {
    stack.simulator.script(grounded);
    const result = streamText({
      model: provider("gpt-4o"),
      prompt: QUESTION,
      tools: { web_search_preview: hosted(provider.tools.webSearchPreview({})) },
    });
    const parts: { type: string }[] = [];
    for await (const part of result.fullStream) if (part.type !== "text-delta") parts.push(part);
    expect(parts.filter((part) => part.type === "error")).toEqual([]);
    expect(parts.filter((part) => part.type === "source")).toMatchObject(citedSources);
    expect(parts.find((part) => part.type === "tool-result")).toMatchObject({ output: searchResult });
    expect(await result.text).toBe(ANSWER);
    expect(await result.warnings).toEqual([]);
  });

  it("toolChoice 'none': no search, no tool call", async () => {
    stack.simulator.script(grounded);
    const result = await generateText({
      model: provider("gpt-4o"),
      prompt: QUESTION,
      tools: tools(),
      toolChoice: "none",
    });
    expect(geminiBodies()[0]?.tools).toBeUndefined();
    expect(result.toolCalls).toEqual([]);
    expect(result.sources).toEqual([]);
  });

  it.each([true, false])("the conversation goes on from the grounded answer (store: %s)", async (store) => {
    // Stored: the SDK sends item_reference for both items; not stored: the web_search_call and the message.
    stack.simulator.script(grounded);
    const messages: ModelMessage[] = [{ role: "user", content: QUESTION }];
    const options = { model: provider("gpt-4o"), tools: tools(), providerOptions: { openai: { store } } };
    const first = streamText({ ...options, messages });
    await first.consumeStream();
    messages.push(...(await first.response).messages, { role: "user", content: "Danke!" });
    const next = await generateText({ ...options, messages });
    expect(next.finishReason).toBe("stop");
    expect(geminiBodies()[1]?.contents).toEqual([
      { role: "user", parts: [{ text: QUESTION }] },
      // gpt-4o is Gemini 3 Flash, which signs its answer: the signature goes back with it.
      { role: "model", parts: [{ text: ANSWER, thoughtSignature: expect.any(String) }] },
      { role: "user", parts: [{ text: "Danke!" }] },
    ]);
  });
});

describe("LangChain ChatOpenAI with useResponsesApi and the web_search_preview tool", () => {
  const model = () =>
    langchainModel(stack.url, "gpt-4o", { useResponsesApi: true }).bindTools([
      { type: "web_search_preview" },
    ]);
  const citations = [
    {
      type: "citation",
      source: "url_citation",
      url: WIKI,
      title: "wikipedia.org",
      startIndex: 0,
      endIndex: 29,
    },
    {
      type: "citation",
      source: "url_citation",
      url: WIKI,
      title: "wikipedia.org",
      startIndex: 30,
      endIndex: 54,
    },
    {
      type: "citation",
      source: "url_citation",
      url: CITY,
      title: "zuerich.com",
      startIndex: 30,
      endIndex: 54,
    },
  ];

  it("invoke and stream: the citations land on the text content block, the search in tool_outputs", async () => {
    stack.simulator.script(grounded);
    const answer = await model().invoke(QUESTION);
    expect(answer.content).toMatchObject([{ type: "text", text: ANSWER, annotations: citations }]);
    expect(answer.additional_kwargs.tool_outputs).toMatchObject([{ type: "web_search_call" }]);
    let streamed: AIMessageChunk | undefined;
    for await (const chunk of await model().stream(QUESTION)) streamed = streamed?.concat(chunk) ?? chunk;
    expect(streamed?.content).toMatchObject([{ type: "text", text: ANSWER, annotations: citations }]);
  });

  it("the grounded answer sent back in the history is accepted", async () => {
    stack.simulator.script(grounded);
    const answer = await model().invoke(QUESTION);
    expect(answer).toBeInstanceOf(AIMessage);
    const next = await model().invoke([
      { role: "user", content: QUESTION },
      answer,
      { role: "user", content: "Danke!" },
    ]);
    expect(next.text).toBe(ANSWER);
    expect(geminiBodies()[1]?.contents).toHaveLength(3);
  });
});
