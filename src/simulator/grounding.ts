import { createHash } from "node:crypto";
import type { SimGrounding } from "./script-types.js";
import type { GenerateContentRequest, GroundingMetadata } from "./types.js";

/** Whether the request grounds with Google Search (`tools: [{googleSearch: {}}]`). */
export function searchesTheWeb(request: GenerateContentRequest): boolean {
  return (request.tools ?? []).some(
    (tool) => typeof tool === "object" && tool !== null && "googleSearch" in tool,
  );
}

/** Made-up pages, as Gemini gives them: a redirect URL it owns, and the site's domain as the title. */
const DEFAULT_SITES = ["en.wikipedia.org", "example.com"];

/**
 * What a grounded answer that no script described searched and cites: the user's words as the query, and
 * each sentence of the answer supported by one of two pages in turn.
 */
export function defaultGrounding(said: string, text: string): SimGrounding {
  // A sentence ends at . ! or ? before a space (not inside "2.5").
  const sentences = text.split(/(?<=[.!?])\s+/);
  return {
    queries: said.trim() === "" ? [] : [said.trim().slice(0, 100)],
    sources: DEFAULT_SITES.map((title) => ({ title })),
    supports: sentences
      .map((sentence) => sentence.trim())
      .filter((sentence) => sentence !== "")
      .map((sentence, index) => ({ text: sentence, sources: [index % DEFAULT_SITES.length] })),
  };
}

/**
 * A candidate's groundingMetadata, shaped as the Gemini API sends it: each support's segment located in
 * `text` and counted in UTF-8 bytes (startIndex left out when 0, as proto3 JSON does); a support whose text
 * is not in the answer is left out.
 */
export function groundingMetadataFor(grounding: SimGrounding, text: string): GroundingMetadata {
  const chunks = (grounding.sources ?? []).map((source) => ({
    web: { uri: source.uri ?? redirectUri(source.title), title: source.title },
  }));
  const supports: GroundingMetadata["groundingSupports"] = [];
  for (const support of grounding.supports ?? []) {
    const at = support.text === "" ? -1 : text.indexOf(support.text);
    if (at < 0) continue;
    const startIndex = Buffer.byteLength(text.slice(0, at), "utf8");
    const endIndex = startIndex + Buffer.byteLength(support.text, "utf8");
    supports.push({
      segment: { ...(startIndex === 0 ? {} : { startIndex }), endIndex, text: support.text },
      groundingChunkIndices: support.sources.filter((index) => index >= 0 && index < chunks.length),
    });
  }
  const queries = grounding.queries ?? [];
  return {
    searchEntryPoint: { renderedContent: entryPoint(queries) },
    groundingChunks: chunks,
    groundingSupports: supports,
    webSearchQueries: queries,
  };
}

/** What a grounded answer read of the pages its search found: a flat 150 tokens a page, 20 a query. */
export function searchResultTokens(grounding: SimGrounding): number {
  return 150 * (grounding.sources?.length ?? 0) + 20 * (grounding.queries?.length ?? 0);
}

function redirectUri(title: string): string {
  const token = createHash("sha256").update(title).digest("base64url");
  return `https://vertexaisearch.cloud.google.com/grounding-api-redirect/${token}`;
}

/** The search chips Google asks apps to show with grounded answers (HTML and CSS, trimmed). */
function entryPoint(queries: readonly string[]): string {
  const chips = queries.map((query) => `<a class="chip">${escapeHtml(query)}</a>`).join("");
  return `<style>.container{display:flex}.chip{border-radius:16px}</style><div class="container">${chips}</div>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (character) => `&#${character.charCodeAt(0)};`);
}
