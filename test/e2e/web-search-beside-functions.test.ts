import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Stack, startStack } from "../helpers/stack.js";
import { warningsDuring } from "../helpers/warnings.js";

let stack: Stack;
let client: OpenAI;

// gpt-4o goes to Gemini 3.5 Flash (the built-in aliases); old-flash to Gemini 2.5 Flash, which cannot search
// while functions are declared. Gemini 3 could (with includeServerSideToolInvocations); the contract (§9) asks
// for the search to be dropped beside function tools on every model.
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

describe("a web search beside function tools: Responses drops the search and keeps the tools (contract §9); chat refuses it", () => {
  it("chat: web_search_options beside tools is a 400 naming it (contract §5: the search could not run)", async () => {
    const refused = client.chat.completions.create({
      model: "gpt-4o",
      web_search_options: {},
      tools: [weather],
      messages: [{ role: "user", content: QUESTION }],
    });
    await expect(refused).rejects.toMatchObject({ status: 400, param: "web_search_options" });
    expect(stack.simulator.requests).toHaveLength(0);
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
    expect(warnings).toEqual([expect.stringMatching(/^web search dropped: /)]);
    expect(toolKinds()).toEqual(["functionDeclarations"]);
    expect(response?.output.map((item) => item.type)).toEqual(["message"]);
    expect(response?.tools).toHaveLength(2);
  });

  it("responses: a dropped search's options are not said to be searched without (nothing was searched)", async () => {
    const warnings = await warningsDuring(() =>
      client.responses.create({
        model: "old-flash",
        tools: [
          {
            type: "web_search",
            user_location: { type: "approximate", country: "DE" },
            search_context_size: "high",
          },
          responsesWeather,
        ],
        input: QUESTION,
      }),
    );
    expect(toolKinds()).toEqual(["functionDeclarations"]);
    expect(warnings).toEqual([expect.stringMatching(/^web search dropped: /)]);
  });

  it.each(["gpt-4o-search-preview"])(
    "chat: a search model (%s) beside tools sends the functions alone",
    async (model) => {
      const completion = await client.chat.completions.create({
        model,
        tools: [weather],
        messages: [{ role: "user", content: QUESTION }],
      });
      expect(toolKinds()).toEqual(["functionDeclarations"]);
      expect(sent().toolConfig).toBeUndefined();
      expect(completion.choices[0]?.message).not.toHaveProperty("annotations");
    },
  );

  it("responses on Gemini 3, streamed: no web_search_call events", async () => {
    const stream = client.responses.stream({
      model: "gpt-4o",
      tools: [{ type: "web_search" }, responsesWeather],
      input: QUESTION,
    });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(toolKinds()).toEqual(["functionDeclarations"]);
    expect(types.filter((type) => type.includes("web_search"))).toEqual([]);
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
