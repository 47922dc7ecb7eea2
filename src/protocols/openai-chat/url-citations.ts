import type { Citation } from "../../hub/types.js";

/** A web citation in a chat message (`message.annotations`, or a streamed `delta.annotations`). */
export interface ChatUrlCitation {
  type: "url_citation";
  url_citation: { start_index: number; end_index: number; title: string; url: string };
}

/** The hub's citations → chat annotations; the indices are UTF-16 code units in both. */
export function chatAnnotations(citations: readonly Citation[]): ChatUrlCitation[] {
  return citations.map((citation) => ({
    type: "url_citation",
    url_citation: {
      start_index: citation.start,
      end_index: citation.end,
      title: citation.title,
      url: citation.url,
    },
  }));
}
