import { describe, expect, it } from "vitest";
import { completedMessage, runOutput, stop, text } from "../../../test/helpers/responses-output.js";
import type { GenerateEvent } from "../../hub/types.js";

const URL_A = "https://vertexaisearch.cloud.google.com/grounding-api-redirect/A1";
const citations: GenerateEvent = {
  type: "citations",
  candidate: 0,
  queries: ["Euro 2024 winner", "Euro 2024 final venue"],
  // The pages found: the third is cited nowhere.
  sources: [URL_A, "https://example.com/b", "https://example.com/c"],
  citations: [
    { start: 0, end: 20, url: URL_A, title: "uefa.com" },
    { start: 21, end: 45, url: "https://example.com/b", title: "example.com" },
    { start: 21, end: 45, url: URL_A, title: "uefa.com" },
  ],
};
const grounded = [text("Spain won Euro 2024. "), text("The final was in Berlin."), citations, stop];

const annotations = [
  { type: "url_citation", start_index: 0, end_index: 20, url: URL_A, title: "uefa.com" },
  {
    type: "url_citation",
    start_index: 21,
    end_index: 45,
    url: "https://example.com/b",
    title: "example.com",
  },
  { type: "url_citation", start_index: 21, end_index: 45, url: URL_A, title: "uefa.com" },
];
const searchCall = {
  type: "web_search_call",
  id: "ws_1",
  status: "completed",
  action: {
    type: "search",
    query: "Euro 2024 winner",
    queries: ["Euro 2024 winner", "Euro 2024 final venue"],
  },
};

describe("OutputBuilder, a grounded (web_search) response", () => {
  it("output: a web_search_call item with the queries, then the message with url_citation annotations", () => {
    const { output } = runOutput(grounded, { webSearch: true });
    expect(output).toEqual([
      searchCall,
      completedMessage("msg_2", "Spain won Euro 2024. The final was in Berlin.", "final_answer", annotations),
    ]);
  });

  it("streamed: the search item's events first, its completion and each annotation once the citations come", () => {
    const { events } = runOutput(grounded, { webSearch: true });
    const at = (type: string) => events.filter((event) => event.type === type);
    expect(events.map((event) => event.type)).toEqual([
      "response.output_item.added",
      "response.web_search_call.in_progress",
      "response.web_search_call.searching",
      "response.output_item.added",
      "response.content_part.added",
      "response.output_text.delta",
      "response.output_text.delta",
      "response.web_search_call.completed",
      "response.output_item.done",
      "response.output_text.annotation.added",
      "response.output_text.annotation.added",
      "response.output_text.annotation.added",
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
    ]);
    expect(events.slice(0, 3)).toEqual([
      {
        type: "response.output_item.added",
        output_index: 0,
        item: { type: "web_search_call", id: "ws_1", status: "in_progress" },
      },
      { type: "response.web_search_call.in_progress", output_index: 0, item_id: "ws_1" },
      { type: "response.web_search_call.searching", output_index: 0, item_id: "ws_1" },
    ]);
    expect(events.slice(7, 9)).toEqual([
      { type: "response.web_search_call.completed", output_index: 0, item_id: "ws_1" },
      { type: "response.output_item.done", output_index: 0, item: searchCall },
    ]);
    expect(at("response.output_text.annotation.added")).toEqual(
      annotations.map((annotation, index) => ({
        type: "response.output_text.annotation.added",
        item_id: "msg_2",
        output_index: 1,
        content_index: 0,
        annotation_index: index,
        annotation,
      })),
    );
    expect(at("response.content_part.done")[0]?.part).toMatchObject({ annotations });
    expect(at("response.output_item.done")[1]?.item).toMatchObject({ content: [{ annotations }] });
  });

  it("include web_search_call.action.sources: every page found, cited or not", () => {
    const { output } = runOutput(grounded, { webSearch: true, includeSources: true });
    expect(output[0]).toEqual({
      ...searchCall,
      action: {
        ...searchCall.action,
        sources: [
          { type: "url", url: URL_A },
          { type: "url", url: "https://example.com/b" },
          { type: "url", url: "https://example.com/c" },
        ],
      },
    });
  });

  it("a grounded answer the model wrote without searching: the search item completes with no query", () => {
    const { output, events } = runOutput([text("Hi."), stop], { webSearch: true });
    expect(output[0]).toEqual({
      type: "web_search_call",
      id: "ws_1",
      status: "completed",
      action: { type: "search" },
    });
    expect(events.map((event) => event.type).slice(-5)).toEqual([
      "response.web_search_call.completed",
      "response.output_item.done",
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
    ]);
  });

  it("without web search asked, nothing changes: no search item, annotations stay []", () => {
    const { output, events } = runOutput([text("Spain won Euro 2024."), stop]);
    expect(output).toHaveLength(1);
    expect(output[0]).toMatchObject({ type: "message", content: [{ annotations: [] }] });
    expect(
      events.some((event) => event.type.includes("web_search") || event.type.includes("annotation")),
    ).toBe(false);
  });
});
