import type { Citation } from "../../hub/types.js";
import type { GeminiGroundingMetadata } from "./wire-types.js";

export interface Grounding {
  queries: string[];
  /** Every page found (groundingChunks), cited or not: its URL, each once, in Gemini's order. */
  sources: string[];
  citations: Citation[];
}

/**
 * A candidate's groundingMetadata → the queries it searched for, the pages it found and its citations, one
 * per (supported segment, web page), in text order. Gemini counts a segment in UTF-8 bytes; the hub counts
 * UTF-16 code units (JavaScript string indices, what `text.slice(start, end)` takes), so each offset is
 * converted against `text`, the candidate's answer so far. Where the segment also gives its text and that
 * text is not what the offsets point at (a segment counted from the start of a later part, or of a stream
 * chunk), the text is looked for instead.
 */
export function groundingOf(metadata: GeminiGroundingMetadata, text: string): Grounding {
  const queries = (metadata.webSearchQueries ?? []).filter(
    (query) => typeof query === "string" && query !== "",
  );
  const pages = (metadata.groundingChunks ?? []).map((chunk) => {
    const uri = chunk.web?.uri;
    if (typeof uri !== "string" || uri === "") return undefined;
    return { url: uri, title: chunk.web?.title ?? chunk.web?.domain ?? uri };
  });
  const supports = metadata.groundingSupports ?? [];
  const bytes: number[] = [];
  for (const support of supports) {
    const start = support.segment?.startIndex ?? 0;
    bytes.push(start, support.segment?.endIndex ?? start);
  }
  const positions = positionsOfBytes(text, bytes);
  const citations: Citation[] = [];
  for (const [index, support] of supports.entries()) {
    const span = spanOf(text, positions[2 * index], positions[2 * index + 1], support.segment?.text);
    if (span === undefined) continue;
    for (const chunkIndex of support.groundingChunkIndices ?? []) {
      const page = pages[chunkIndex];
      if (page !== undefined) citations.push({ start: span.start, end: span.end, ...page });
    }
  }
  citations.sort((a, b) => a.start - b.start || a.end - b.end);
  const sources = [...new Set(pages.flatMap((page) => (page === undefined ? [] : [page.url])))];
  return { queries, sources, citations };
}

/** The span `from`–`to` (UTF-16 units), or where `segmentText` is when the offsets do not point at it. */
function spanOf(
  text: string,
  from: number | undefined,
  to: number | undefined,
  segmentText: string | undefined,
): { start: number; end: number } | undefined {
  if (from === undefined || to === undefined) return undefined;
  const counted = to > from ? { start: from, end: to } : undefined;
  if (segmentText === undefined || segmentText === "" || text.slice(from, to) === segmentText) return counted;
  const start = text.indexOf(segmentText);
  return start < 0 ? counted : { start, end: start + segmentText.length };
}

/**
 * Each UTF-8 byte offset of `text` as a UTF-16 unit index, in one pass. An offset inside a character is
 * taken to the end of that character; one past the end of the text, to the end.
 */
export function positionsOfBytes(text: string, offsets: readonly number[]): number[] {
  const order = offsets.map((_, index) => index).sort((a, b) => (offsets[a] ?? 0) - (offsets[b] ?? 0));
  const positions: number[] = new Array(offsets.length);
  let next = 0;
  let byte = 0;
  let unit = 0;
  const settle = () => {
    while (next < order.length) {
      const at = order[next] as number;
      if ((offsets[at] ?? 0) > byte) return;
      positions[at] = unit;
      next++;
    }
  };
  settle();
  while (unit < text.length && next < order.length) {
    const code = text.codePointAt(unit) as number;
    byte += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    unit += code < 0x10000 ? 1 : 2;
    settle();
  }
  for (; next < order.length; next++) positions[order[next] as number] = unit;
  return positions;
}
