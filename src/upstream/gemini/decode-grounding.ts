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
 * characters (code points), so each offset is converted against `text`, the candidate's answer so far. Where
 * the segment also gives its text and that text is not what the offsets point at (a segment counted from the
 * start of a later part, or of a stream chunk), the text is looked for instead.
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

/** A place in a string: its index in code points, and in UTF-16 code units (JS string indices). */
interface Position {
  codePoint: number;
  unit: number;
}

function spanOf(
  text: string,
  from: Position | undefined,
  to: Position | undefined,
  segmentText: string | undefined,
): { start: number; end: number } | undefined {
  if (from === undefined || to === undefined) return undefined;
  if (segmentText === undefined || segmentText === "" || text.slice(from.unit, to.unit) === segmentText) {
    return to.codePoint > from.codePoint ? { start: from.codePoint, end: to.codePoint } : undefined;
  }
  const unit = text.indexOf(segmentText);
  if (unit < 0)
    return to.codePoint > from.codePoint ? { start: from.codePoint, end: to.codePoint } : undefined;
  const start = codePointsIn(text, 0, unit);
  return { start, end: start + codePointsIn(segmentText, 0, segmentText.length) };
}

/**
 * Each UTF-8 byte offset of `text` as a Position, in one pass. An offset inside a character is taken to
 * the end of that character; one past the end of the text, to the end.
 */
export function positionsOfBytes(text: string, offsets: readonly number[]): Position[] {
  const order = offsets.map((_, index) => index).sort((a, b) => (offsets[a] ?? 0) - (offsets[b] ?? 0));
  const positions: Position[] = new Array(offsets.length);
  let next = 0;
  let byte = 0;
  let codePoint = 0;
  let unit = 0;
  const settle = () => {
    while (next < order.length) {
      const at = order[next] as number;
      if ((offsets[at] ?? 0) > byte) return;
      positions[at] = { codePoint, unit };
      next++;
    }
  };
  settle();
  while (unit < text.length && next < order.length) {
    const code = text.codePointAt(unit) as number;
    byte += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    unit += code < 0x10000 ? 1 : 2;
    codePoint++;
    settle();
  }
  for (; next < order.length; next++) positions[order[next] as number] = { codePoint, unit };
  return positions;
}

function codePointsIn(text: string, from: number, to: number): number {
  let count = 0;
  for (let unit = from; unit < to; unit++) {
    const code = text.charCodeAt(unit);
    // A high surrogate followed by a low one is one character.
    if (code >= 0xd800 && code < 0xdc00 && unit + 1 < to) {
      const low = text.charCodeAt(unit + 1);
      if (low >= 0xdc00 && low < 0xe000) unit++;
    }
    count++;
  }
  return count;
}
