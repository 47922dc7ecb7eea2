import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Stack, startStack } from "../helpers/stack.js";
import { warningsDuring } from "../helpers/warnings.js";

let stack: Stack;
let client: OpenAI;

beforeAll(async () => {
  stack = await startStack(1);
  client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: "unused", maxRetries: 0 });
});
afterAll(() => stack.close());
beforeEach(() => stack.simulator.reset());

const sentTools = () => {
  const body = stack.simulator.requests.find((request) => request.kind === "gemini")?.body;
  return (body as { tools?: unknown } | undefined)?.tools;
};

describe("web search options Gemini's Google Search cannot take: searched without, and said in the log", () => {
  it("chat: user_location and search_context_size", async () => {
    let completion: OpenAI.ChatCompletion | undefined;
    const warnings = await warningsDuring(async () => {
      completion = await client.chat.completions.create({
        model: "gpt-4o",
        web_search_options: {
          search_context_size: "high",
          user_location: { type: "approximate", approximate: { country: "CH", city: "Zürich" } },
        },
        messages: [{ role: "user", content: "Wetter morgen?" }],
      });
    });
    expect(sentTools()).toEqual([{ googleSearch: {} }]);
    expect(completion?.choices[0]?.message.annotations?.length).toBeGreaterThan(0);
    expect(warnings).toEqual([
      expect.stringContaining(
        "not honoured, the search runs without them: web_search_options.user_location, web_search_options.search_context_size",
      ),
    ]);
  });

  it("responses: user_location and search_context_size", async () => {
    let response: OpenAI.Responses.Response | undefined;
    const warnings = await warningsDuring(async () => {
      response = await client.responses.create({
        model: "gpt-4o",
        tools: [
          {
            type: "web_search",
            user_location: { type: "approximate", country: "CH", city: "Zürich" },
            search_context_size: "low",
          },
        ],
        input: "Wetter morgen?",
      });
    });
    expect(sentTools()).toEqual([{ googleSearch: {} }]);
    expect(response?.output.map((item) => item.type)).toEqual(["web_search_call", "message"]);
    // The Response echoes the tool as the client sent it.
    expect(response?.tools[0]).toMatchObject({ user_location: { country: "CH", city: "Zürich" } });
    expect(warnings).toEqual([
      expect.stringContaining(": web_search user_location, web_search search_context_size ("),
    ]);
  });

  it("responses: filters.allowed_domains is a 400 naming it, and nothing goes upstream", async () => {
    const refused = client.responses.create({
      model: "gpt-4o",
      tools: [{ type: "web_search", filters: { allowed_domains: ["meteoschweiz.admin.ch"] } }],
      input: "Wetter morgen?",
    });
    await expect(refused).rejects.toMatchObject({ status: 400, param: "tools[0].filters.allowed_domains" });
    expect(sentTools()).toBeUndefined();
  });

  it("responses: a search tool_choice forbids warns of none of its options (nothing is searched)", async () => {
    const warnings = await warningsDuring(() =>
      client.responses.create({
        model: "gpt-4o",
        tools: [{ type: "web_search", search_context_size: "low" }],
        tool_choice: "none",
        input: "Wetter morgen?",
      }),
    );
    expect(sentTools()).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  it("a search with none of them warns of nothing", async () => {
    const warnings = await warningsDuring(() =>
      client.chat.completions.create({
        model: "gpt-4o",
        web_search_options: {},
        messages: [{ role: "user", content: "Wetter morgen?" }],
      }),
    );
    expect(warnings).toEqual([]);
  });
});
