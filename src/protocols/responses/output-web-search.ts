import type { Citation } from "../../hub/types.js";
import type { OutputItem, ResponseEvent, UrlCitationAnnotation, WebSearchCallItem } from "./output-types.js";

/**
 * The `web_search_call` item of a grounded response (a live web_search tool became Gemini's Google Search).
 * Gemini says what it searched for only at the end of its answer (groundingMetadata), so the item opens
 * before the response's first other item, as OpenAI's does, and completes when the citations come (or when
 * the answer ends without them: the model did not search, and the action names no query).
 */
export class WebSearchCall {
  /** Not opened yet: the item goes in before the answer's first item. */
  waiting = true;
  private item: WebSearchCallItem | undefined;
  private index = 0;

  constructor(
    private readonly newItemId: (prefix: string) => string,
    private readonly includeSources: boolean,
  ) {}

  open(push: (item: OutputItem) => number): ResponseEvent[] {
    this.waiting = false;
    const item: WebSearchCallItem = {
      type: "web_search_call",
      id: this.newItemId("ws"),
      status: "in_progress",
    };
    this.item = item;
    this.index = push(item);
    const about = { output_index: this.index, item_id: item.id };
    return [
      { type: "response.output_item.added", output_index: this.index, item: { ...item } },
      { type: "response.web_search_call.in_progress", ...about },
      { type: "response.web_search_call.searching", ...about },
    ];
  }

  /**
   * Completes the item with what was searched for and the URLs of the pages found (all of them, as OpenAI's
   * sources are: often more than the citations); nothing once it is complete, or before it opened.
   */
  complete(queries: readonly string[], sources: readonly string[]): ResponseEvent[] {
    const item = this.item;
    if (item === undefined || item.status === "completed") return [];
    item.status = "completed";
    const [query] = queries;
    item.action = query === undefined ? { type: "search" } : { type: "search", query, queries: [...queries] };
    if (this.includeSources) item.action.sources = sources.map((url) => ({ type: "url", url }));
    return [
      { type: "response.web_search_call.completed", output_index: this.index, item_id: item.id },
      {
        type: "response.output_item.done",
        output_index: this.index,
        item: { ...item, action: { ...item.action } },
      },
    ];
  }
}

/** The hub's citations → output_text annotations (both count UTF-16 code units). */
export function urlCitations(citations: readonly Citation[]): UrlCitationAnnotation[] {
  return citations.map((citation) => ({
    type: "url_citation",
    start_index: citation.start,
    end_index: citation.end,
    url: citation.url,
    title: citation.title,
  }));
}
