import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { SimRule } from "../../src/simulator/index.js";
import { type Stack, startStack } from "../helpers/stack.js";

let stack: Stack;
let client: OpenAI;

beforeAll(async () => {
  stack = await startStack(1);
  client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: "unused", maxRetries: 0 });
});
afterAll(() => stack.close());
beforeEach(() => stack.simulator.reset());

// Non-ASCII on purpose: Gemini counts these segments in UTF-8 bytes, agate (and a JavaScript client's
// text.slice) in UTF-16 code units. An uncited lead with é, 漢 and 😀 comes first, and the flag inside the
// first passage is two characters outside the BMP (four UTF-16 units): a count in bytes or in code points
// would point the citations elsewhere.
const LEAD = "Café 漢字 😀!";
const FIRST = "Zürich hat 🇨🇭 420’000 Einwohner.";
const SECOND = "Der See heißt Zürichsee.";
const ANSWER = `${LEAD} ${FIRST} ${SECOND}`;
const WIKI = "https://de.wikipedia.org/wiki/Z%C3%BCrich";
const CITY = "https://www.zuerich.com/";
const grounded: SimRule = {
  forever: true,
  respond: {
    reply: {
      text: ANSWER,
      grounding: {
        queries: ["Zürich Einwohner", "Zürichsee"],
        sources: [
          { uri: WIKI, title: "wikipedia.org" },
          { uri: CITY, title: "zuerich.com" },
        ],
        supports: [
          { text: FIRST, sources: [0] },
          { text: SECOND, sources: [0, 1] },
        ],
      },
    },
  },
};

/** Where a passage of ANSWER starts and ends, in UTF-16 code units (JavaScript string indices). */
const span = (passage: string) => {
  const start = ANSWER.indexOf(passage);
  return { start_index: start, end_index: start + passage.length };
};
const cited = (start: number, end: number) => ANSWER.slice(start, end);

it("the passages sit after astral characters: counted in code points, they would start elsewhere", () => {
  for (const passage of [FIRST, SECOND])
    expect([...ANSWER.slice(0, ANSWER.indexOf(passage))].length).toBeLessThan(span(passage).start_index);
});

const chatAnnotations = [
  { type: "url_citation", url_citation: { ...span(FIRST), title: "wikipedia.org", url: WIKI } },
  { type: "url_citation", url_citation: { ...span(SECOND), title: "wikipedia.org", url: WIKI } },
  { type: "url_citation", url_citation: { ...span(SECOND), title: "zuerich.com", url: CITY } },
];
const responseAnnotations = chatAnnotations.map(({ url_citation }) => ({
  type: "url_citation",
  start_index: url_citation.start_index,
  end_index: url_citation.end_index,
  url: url_citation.url,
  title: url_citation.title,
}));

/** What each url_citation of a Responses message points at, sliced as a JavaScript client slices it. */
const passagesOf = (item: OpenAI.Responses.ResponseOutputItem | undefined) => {
  if (item?.type !== "message") return [];
  return item.content.flatMap((part) =>
    part.type === "output_text"
      ? part.annotations.flatMap((annotation) =>
          annotation.type === "url_citation"
            ? [part.text.slice(annotation.start_index, annotation.end_index)]
            : [],
        )
      : [],
  );
};

const sentGoogleSearch = () => {
  const body = stack.simulator.requests.find((request) => request.kind === "gemini")?.body as {
    tools?: unknown;
  };
  return body.tools;
};

describe("chat completions with web_search_options, through the openai SDK", () => {
  it("the answer's message.annotations are url_citation objects counted in UTF-16 code units", async () => {
    stack.simulator.script(grounded);
    const completion = await client.chat.completions.create({
      model: "gpt-4o",
      web_search_options: {},
      messages: [{ role: "user", content: "Wie viele Menschen leben in Zürich?" }],
    });
    expect(sentGoogleSearch()).toEqual([{ googleSearch: {} }]);
    const message = completion.choices[0]?.message;
    expect(message?.content).toBe(ANSWER);
    expect(message?.annotations).toEqual(chatAnnotations);
    const [first, second] = message?.annotations ?? [];
    expect(cited(first?.url_citation.start_index ?? 0, first?.url_citation.end_index ?? 0)).toBe(FIRST);
    expect(cited(second?.url_citation.start_index ?? 0, second?.url_citation.end_index ?? 0)).toBe(SECOND);
  });

  it("streamed: one chunk carries delta.annotations before the finish; the SDK's final message has them", async () => {
    stack.simulator.script(grounded);
    const stream = client.chat.completions.stream({
      model: "gpt-4o",
      web_search_options: {},
      messages: [{ role: "user", content: "Wie viele Menschen leben in Zürich?" }],
    });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    const withAnnotations = chunks.filter((chunk) => "annotations" in (chunk.choices[0]?.delta ?? {}));
    expect(withAnnotations).toHaveLength(1);
    expect(withAnnotations[0]?.choices[0]).toEqual({
      index: 0,
      delta: { annotations: chatAnnotations },
      logprobs: null,
      finish_reason: null,
    });
    const finishAt = chunks.findIndex((chunk) => chunk.choices[0]?.finish_reason === "stop");
    expect(chunks.indexOf(withAnnotations[0] as OpenAI.ChatCompletionChunk)).toBe(finishAt - 1);
    const final = await stream.finalChatCompletion();
    expect(final.choices[0]?.message.content).toBe(ANSWER);
    expect(final.choices[0]?.message.annotations).toEqual(chatAnnotations);
    const passages = final.choices[0]?.message.annotations?.map(({ url_citation }) =>
      cited(url_citation.start_index, url_citation.end_index),
    );
    expect(passages).toEqual([FIRST, SECOND, SECOND]);
  });

  it("without web_search_options nothing changes: no googleSearch upstream, no annotations key", async () => {
    const completion = await client.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "hi" }],
    });
    expect(sentGoogleSearch()).toBeUndefined();
    expect(completion.choices[0]?.message).not.toHaveProperty("annotations");
  });
});

describe("OpenAI's search models, which always search, through the openai SDK", () => {
  it.each([
    ["gpt-4o-search-preview", "gemini-3.5-flash"],
    ["gpt-4o-mini-search-preview", "gemini-3.1-flash-lite"],
    ["gpt-5-search-api", "gemini-3.1-pro-preview"],
  ])("%s with no web_search_options searches (on %s) and cites", async (model, mapped) => {
    stack.simulator.script(grounded);
    const { data, response } = await client.chat.completions
      .create({ model, messages: [{ role: "user", content: "Wie viele Menschen leben in Zürich?" }] })
      .withResponse();
    expect(response.headers.get("x-mapped-model")).toBe(mapped);
    expect(sentGoogleSearch()).toEqual([{ googleSearch: {} }]);
    expect(data.model).toBe(model);
    expect(data.choices[0]?.message.annotations).toEqual(chatAnnotations);
  });

  it("streamed, the same citations in one delta.annotations chunk", async () => {
    stack.simulator.script(grounded);
    const stream = client.chat.completions.stream({
      model: "gpt-4o-mini-search-preview",
      messages: [{ role: "user", content: "Wie viele Menschen leben in Zürich?" }],
    });
    const final = await stream.finalChatCompletion();
    expect(sentGoogleSearch()).toEqual([{ googleSearch: {} }]);
    expect(final.choices[0]?.message.annotations).toEqual(chatAnnotations);
  });
});

describe("responses with the web_search tool, through the openai SDK", () => {
  const searchCall = {
    type: "web_search_call",
    id: expect.stringMatching(/^ws_/),
    status: "completed",
    action: { type: "search", query: "Zürich Einwohner", queries: ["Zürich Einwohner", "Zürichsee"] },
  };

  it("output: a web_search_call with the queries, then the message whose output_text has the citations", async () => {
    stack.simulator.script(grounded);
    const response = await client.responses.create({
      model: "gpt-4o",
      tools: [{ type: "web_search" }],
      input: "Wie viele Menschen leben in Zürich?",
    });
    expect(sentGoogleSearch()).toEqual([{ googleSearch: {} }]);
    expect(response.output).toEqual([
      searchCall,
      {
        type: "message",
        id: expect.stringMatching(/^msg_/),
        status: "completed",
        role: "assistant",
        phase: "final_answer",
        content: [{ type: "output_text", text: ANSWER, annotations: responseAnnotations, logprobs: [] }],
      },
    ]);
    expect(response.output_text).toBe(ANSWER);
    expect(passagesOf(response.output[1])).toEqual([FIRST, SECOND, SECOND]);
  });

  it("include web_search_call.action.sources lists the pages", async () => {
    stack.simulator.script(grounded);
    const response = await client.responses.create({
      model: "gpt-4o",
      tools: [{ type: "web_search" }],
      include: ["web_search_call.action.sources"],
      input: "Wie viele Menschen leben in Zürich?",
    });
    expect(response.output[0]).toEqual({
      ...searchCall,
      action: {
        ...searchCall.action,
        sources: [
          { type: "url", url: WIKI },
          { type: "url", url: CITY },
        ],
      },
    });
  });

  it("include web_search_call.action.sources lists every page the search found, cited or not", async () => {
    // As OpenAI's: the sources are all the pages consulted, often more than the citations. Gemini found three
    // pages here (groundingChunks) and its supports cite two of them.
    const OTHER = "https://www.stadt-zuerich.ch/";
    stack.simulator.script({
      forever: true,
      respond: {
        reply: {
          text: ANSWER,
          grounding: {
            queries: ["Zürich Einwohner"],
            sources: [
              { uri: CITY, title: "zuerich.com" },
              { uri: OTHER, title: "stadt-zuerich.ch" },
              { uri: WIKI, title: "wikipedia.org" },
            ],
            supports: [{ text: FIRST, sources: [2] }],
          },
        },
      },
    });
    const everyPage = [
      { type: "url", url: CITY },
      { type: "url", url: OTHER },
      { type: "url", url: WIKI },
    ];
    const request = {
      model: "gpt-4o",
      tools: [{ type: "web_search" as const }],
      include: ["web_search_call.action.sources" as const],
      input: "Wie viele Menschen leben in Zürich?",
    };
    const response = await client.responses.create(request);
    expect(response.output[0]).toMatchObject({ type: "web_search_call", action: { sources: everyPage } });
    expect(response.output[1]).toMatchObject({ content: [{ annotations: [{ url: WIKI }] }] });
    const final = await client.responses.stream(request).finalResponse();
    expect(final.output[0]).toMatchObject({ type: "web_search_call", action: { sources: everyPage } });
  });

  it("streamed: the web_search_call events, then the text, the annotations, and the same final response", async () => {
    stack.simulator.script(grounded);
    const stream = client.responses.stream({
      model: "gpt-4o",
      tools: [{ type: "web_search" }],
      input: "Wie viele Menschen leben in Zürich?",
    });
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    const types = events.map((event) => event.type).filter((type) => type !== "response.output_text.delta");
    expect(types).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.web_search_call.in_progress",
      "response.web_search_call.searching",
      "response.output_item.added",
      "response.content_part.added",
      "response.web_search_call.completed",
      "response.output_item.done",
      "response.output_text.annotation.added",
      "response.output_text.annotation.added",
      "response.output_text.annotation.added",
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
      "response.completed",
    ]);
    const added = events.filter((event) => event.type === "response.output_text.annotation.added");
    expect(added.map((event) => [event.output_index, event.content_index, event.annotation_index])).toEqual([
      [1, 0, 0],
      [1, 0, 1],
      [1, 0, 2],
    ]);
    expect(added.map((event) => event.annotation)).toEqual(responseAnnotations);
    const final = await stream.finalResponse();
    expect(final.output[0]).toEqual(searchCall);
    expect(final.output[1]).toMatchObject({ content: [{ text: ANSWER, annotations: responseAnnotations }] });
    expect(passagesOf(final.output[1])).toEqual([FIRST, SECOND, SECOND]);
  });

  it("tool_choice none: the model may call no tool, so it does not search (no googleSearch, no web_search_call)", async () => {
    const response = await client.responses.create({
      model: "gpt-4o",
      tools: [{ type: "web_search" }],
      tool_choice: "none",
      input: "Wie viele Menschen leben in Zürich?",
    });
    expect(sentGoogleSearch()).toBeUndefined();
    expect(response.output.map((item) => item.type)).toEqual(["message"]);
    expect(response.tool_choice).toBe("none");
    expect(response.tools).toEqual([{ type: "web_search" }]);
  });

  it("the grounded output resent as the next input (a stateless client) is accepted", async () => {
    stack.simulator.script(grounded);
    const first = await client.responses.create({
      model: "gpt-4o",
      tools: [{ type: "web_search" }],
      store: false,
      input: "Wie viele Menschen leben in Zürich?",
    });
    const next = await client.responses.create({
      model: "gpt-4o",
      store: false,
      input: [
        { role: "user", content: "Wie viele Menschen leben in Zürich?" },
        ...(first.output as OpenAI.Responses.ResponseInputItem[]),
        { role: "user", content: "Danke!" },
      ],
    });
    expect(next.status).toBe("completed");
  });

  it("stored: GET gives it back with its search item, and previous_response_id goes on from it", async () => {
    stack.simulator.script(grounded);
    const first = await client.responses.create({
      model: "gpt-4o",
      tools: [{ type: "web_search" }],
      input: "Wie viele Menschen leben in Zürich?",
    });
    const stored = await client.responses.retrieve(first.id);
    expect(stored.output).toEqual(first.output);
    stack.simulator.reset();
    const next = await client.responses.create({
      model: "gpt-4o",
      previous_response_id: first.id,
      input: "Danke!",
    });
    expect(next.status).toBe("completed");
    const body = stack.simulator.requests.find((request) => request.kind === "gemini")?.body as {
      contents: unknown[];
    };
    expect(body.contents).toEqual([
      { role: "user", parts: [{ text: "Wie viele Menschen leben in Zürich?" }] },
      // gpt-4o is Gemini 3 Flash, which signs its answer: the signature goes back with it.
      { role: "model", parts: [{ text: ANSWER, thoughtSignature: expect.any(String) }] },
      { role: "user", parts: [{ text: "Danke!" }] },
    ]);
  });
});
