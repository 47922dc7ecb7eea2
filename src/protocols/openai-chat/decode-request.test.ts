import { describe, expect, it } from "vitest";
import { AgateError } from "../../errors.js";
import { decodeChatRequest } from "./decode-request.js";

const user = (content: unknown) => ({ role: "user", content });

function errorOf(body: unknown): AgateError {
  try {
    decodeChatRequest(body);
  } catch (error) {
    if (error instanceof AgateError) return error;
    throw error;
  }
  throw new Error("expected a 400");
}

describe("decodeChatRequest", () => {
  it("system and developer messages join into the system text, in order", () => {
    const request = decodeChatRequest({
      model: "gpt-4o",
      messages: [
        { role: "system", content: "One." },
        { role: "developer", content: [{ type: "text", text: "Two." }] },
        user("hi"),
      ],
    });
    expect(request.system).toBe("One.\n\nTwo.");
    expect(request.turns).toEqual([{ role: "user", parts: [{ type: "text", text: "hi" }] }]);
    expect(request.requestedModel).toBe("gpt-4o");
    expect(request.stream).toBe(false);
  });

  it("only system or developer messages: answered, the system text kept as such, no turn", () => {
    const request = decodeChatRequest({
      model: "gpt-4o",
      messages: [
        { role: "system", content: "only system" },
        { role: "developer", content: "and a developer" },
      ],
    });
    expect(request.system).toBe("only system\n\nand a developer");
    expect(request.turns).toEqual([]);
  });

  it("messages with no content at all: answered as one empty user turn (OpenAI answers an empty prompt)", () => {
    for (const messages of [
      [user("")],
      [{ role: "system", content: "" }, user([{ type: "text", text: "" }])],
    ]) {
      const request = decodeChatRequest({ model: "gpt-4o", messages });
      expect(request.turns).toEqual([{ role: "user", parts: [{ type: "text", text: "" }] }]);
      expect(request.system ?? "").toBe("");
    }
  });

  it("an empty user message beside instructions: the instructions alone, as before", () => {
    const request = decodeChatRequest({
      model: "gpt-4o",
      messages: [{ role: "system", content: "Hi." }, user("")],
    });
    expect(request.system).toBe("Hi.");
    expect(request.turns).toEqual([]);
  });

  it("no message at all → 400 naming messages", () => {
    expect(errorOf({ model: "gpt-4o", messages: [] }).param).toBe("messages");
  });

  it("array content: text and images (data: inline, https by reference)", () => {
    const request = decodeChatRequest({
      model: "m",
      messages: [
        user([
          { type: "text", text: "what is this?" },
          { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
          { type: "image_url", image_url: { url: "https://example.com/a.webp?x=1" } },
        ]),
      ],
    });
    expect(request.turns[0]?.parts).toEqual([
      { type: "text", text: "what is this?" },
      { type: "media", mimeType: "image/png", data: "iVBORw0KGgo=" },
      { type: "media", mimeType: "image/webp", url: "https://example.com/a.webp?x=1" },
    ]);
  });

  it("never accepts a local file URL", () => {
    const error = errorOf({
      model: "m",
      messages: [user([{ type: "image_url", image_url: { url: "file:///etc/passwd" } }])],
    });
    expect(error.status).toBe(400);
    expect(error.param).toBe("messages[0].content[0].image_url.url");
  });

  it("settings: max_completion_tokens wins over max_tokens; stop string → list; n → candidateCount", () => {
    const request = decodeChatRequest({
      model: "m",
      messages: [user("x")],
      max_tokens: 10,
      max_completion_tokens: 20,
      stop: "END",
      n: 2,
      temperature: 0,
      top_p: 0.5,
      seed: 3,
      response_format: { type: "json_schema", json_schema: { name: "s", schema: { type: "object" } } },
      stream: true,
    });
    expect(request.settings).toEqual({
      maxOutputTokens: 20,
      stop: ["END"],
      candidateCount: 2,
      temperature: 0,
      topP: 0.5,
      seed: 3,
      responseFormat: { type: "json-schema", name: "s", schema: { type: "object" } },
    });
    expect(request.stream).toBe(true);
    // The name the client used is kept, for an OpenAI-compatible upstream.
    expect(decodeChatRequest({ model: "m", messages: [user("x")], max_tokens: 10 }).settings).toEqual({
      maxOutputTokens: 10,
      maxTokensNamedMaxTokens: true,
    });
  });

  it.each([
    ["none", "minimal"],
    ["xhigh", "high"],
  ])("reasoning_effort %s → reasoningEffort %s (reasoning-effort.ts maps them all)", (effort, expected) => {
    const request = decodeChatRequest({ model: "m", messages: [user("x")], reasoning_effort: effort });
    expect(request.settings.reasoningEffort).toBe(expected);
  });

  it("reasoning_effort none asks for no thoughts (the model may think all the same: none are shown)", () => {
    const request = decodeChatRequest({ model: "m", messages: [user("x")], reasoning_effort: "none" });
    expect(request.settings).toEqual({ reasoningEffort: "minimal", includeReasoning: false });
    const low = decodeChatRequest({ model: "m", messages: [user("x")], reasoning_effort: "low" });
    expect(low.settings).toEqual({ reasoningEffort: "low" });
  });

  it("stop: every sequence is kept (an upstream's limit is its own: Gemini's spoke refuses more than 5)", () => {
    const six = ["a", "b", "c", "d", "e", "f"];
    expect(decodeChatRequest({ model: "m", messages: [user("x")], stop: six }).settings.stop).toEqual(six);
    expect(errorOf({ model: "m", messages: [user("x")], stop: [1] }).param).toBe("stop");
  });

  it("an effort OpenAI does not have is a 400 naming reasoning_effort", () => {
    const error = errorOf({ model: "m", messages: [user("x")], reasoning_effort: "extreme" });
    expect(error.status).toBe(400);
    expect(error.param).toBe("reasoning_effort");
  });

  it("modalities: text is fine; audio output cannot be given, a 400 naming modalities", () => {
    expect(() =>
      decodeChatRequest({ model: "m", messages: [user("x")], modalities: ["text"] }),
    ).not.toThrow();
    const error = errorOf({ model: "m", messages: [user("x")], modalities: ["text", "audio"] });
    expect(error.status).toBe(400);
    expect(error.param).toBe("modalities");
    expect(error.message).toContain("'audio'");
  });

  it("web_search_options → Google Search grounding; beside function tools a 400 (contract §5); a search model beside them does not search", () => {
    const searching = decodeChatRequest({ model: "m", messages: [user("news?")], web_search_options: {} });
    expect(searching.grounding).toBe(true);
    expect(decodeChatRequest({ model: "m", messages: [user("x")] }).grounding).toBeUndefined();
    const withTools = errorOf({
      model: "m",
      messages: [user("x")],
      web_search_options: { search_context_size: "low" },
      tools: [{ type: "function", function: { name: "f" } }],
    });
    expect(withTools.status).toBe(400);
    expect(withTools.param).toBe("web_search_options");
    const searchModelWithTools = decodeChatRequest({
      model: "gpt-4o-search-preview",
      messages: [user("x")],
      tools: [{ type: "function", function: { name: "f" } }],
    });
    expect(searchModelWithTools.grounding).toBeUndefined();
    expect(searchModelWithTools.tools?.map((tool) => tool.name)).toEqual(["f"]);
    expect(errorOf({ model: "m", messages: [user("x")], web_search_options: "yes" }).param).toBe(
      "web_search_options",
    );
  });

  it("web_search_options' user_location and search_context_size are not honoured: it searches, and warns naming them", () => {
    const warnings: string[] = [];
    const request = decodeChatRequest(
      {
        model: "m",
        messages: [user("news?")],
        web_search_options: {
          search_context_size: "low",
          user_location: { type: "approximate", approximate: { country: "GB", city: "London" } },
        },
      },
      { warn: (message) => warnings.push(message) },
    );
    expect(request.grounding).toBe(true);
    expect(warnings).toEqual([
      expect.stringContaining(": web_search_options.user_location, web_search_options.search_context_size ("),
    ]);
    decodeChatRequest(
      { model: "m", messages: [user("news?")], web_search_options: {} },
      { warn: (message) => warnings.push(message) },
    );
    expect(warnings).toHaveLength(1);
  });

  it.each([
    "gpt-4o-search-preview",
    "gpt-4o-search-preview-2025-03-11",
    "gpt-4o-mini-search-preview",
    "gpt-4o-mini-search-preview-2025-03-11",
    "gpt-5-search-api",
    "gpt-5-search-api-2025-10-14",
  ])("%s always searches, as OpenAI's search models do, with no web_search_options", (model) => {
    expect(decodeChatRequest({ model, messages: [user("news?")] }).grounding).toBe(true);
    expect(decodeChatRequest({ model, messages: [user("news?")], web_search_options: null }).grounding).toBe(
      true,
    );
  });

  it("other names with 'search' in them are not search models", () => {
    for (const model of ["gpt-4o", "my-search-model", "gpt-4o-search", "search-preview"])
      expect(decodeChatRequest({ model, messages: [user("x")] }).grounding, model).toBeUndefined();
  });

  it("nulls from SDKs are the same as absent", () => {
    const request = decodeChatRequest({
      model: "m",
      messages: [user("x")],
      temperature: null,
      stop: null,
      n: null,
    });
    expect(request.settings).toEqual({});
  });

  it("unknown fields are ignored", () => {
    expect(() =>
      decodeChatRequest({ model: "m", messages: [user("x")], logit_bias: {}, store: true }),
    ).not.toThrow();
  });

  it("seed: any 64-bit integer is taken as the client sent it (folding is the upstream's business)", () => {
    // The int64 limits as a JSON body (a Python client) writes them: they arrive as ±2^63.
    const int64 = JSON.parse("[9223372036854775807, -9223372036854775808]") as number[];
    for (const seed of [0, -1, 2 ** 31, 2 ** 53 + 2, ...int64]) {
      expect(decodeChatRequest({ model: "m", messages: [user("x")], seed }).settings.seed).toBe(seed);
    }
    for (const seed of [1.5, 2 ** 64, "7"]) {
      expect(errorOf({ model: "m", messages: [user("x")], seed }).param).toBe("seed");
    }
  });

  it("logit_bias: {}, null and zero biases are none; a bias is kept (Gemini's spoke refuses it); not a map → 400", () => {
    for (const logit_bias of [{}, null, { "50256": 0 }]) {
      expect(decodeChatRequest({ model: "m", messages: [user("x")], logit_bias }).settings).toEqual({});
    }
    const logit_bias = { "50256": -100 };
    expect(decodeChatRequest({ model: "m", messages: [user("x")], logit_bias }).settings).toEqual({
      logitBias: logit_bias,
    });
    expect(errorOf({ model: "m", messages: [user("x")], logit_bias: [1] }).param).toBe("logit_bias");
    expect(errorOf({ model: "m", messages: [user("x")], logit_bias: { "1": 101 } }).param).toBe(
      "logit_bias.1",
    );
  });

  it("session key: prompt_cache_key, then x-session-id, then user", () => {
    expect(
      decodeChatRequest({ model: "m", messages: [user("x")], user: "u" }, { sessionHeader: "h" }).sessionKey,
    ).toBe("h");
    expect(
      decodeChatRequest({ model: "m", messages: [user("x")], prompt_cache_key: "p", user: "u" }).sessionKey,
    ).toBe("p");
  });

  it.each([
    [{ messages: [user("x")] }, "model"],
    [{ model: 1, messages: [user("x")] }, "model"],
    [{ model: "m", messages: "hi" }, "messages"],
    [{ model: "m", messages: [] }, "messages"],
    [{ model: "m", messages: [user(5)] }, "messages[0].content"],
    [{ model: "m", messages: [user("x"), user([{ type: "text", text: 3 }])] }, "messages[1].content[0].text"],
    [{ model: "m", messages: [user("x")], temperature: "hot" }, "temperature"],
    [{ model: "m", messages: [user("x")], temperature: 3 }, "temperature"],
    [{ model: "m", messages: [user("x")], n: 0 }, "n"],
    [{ model: "m", messages: [user("x")], n: 9 }, "n"],
    [{ model: "m", messages: [user("x")], max_tokens: 1.5 }, "max_tokens"],
  ])("%j → 400 naming %s", (body, param) => {
    const error = errorOf(body);
    expect(error.status).toBe(400);
    expect(error.param).toBe(param);
    expect(error.type).toBe("invalid_request_error");
  });
});
