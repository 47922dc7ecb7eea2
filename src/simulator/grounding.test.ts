import { describe, expect, it } from "vitest";
import { defaultGrounding, groundingMetadataFor, searchesTheWeb } from "./grounding.js";

describe("simulator grounding", () => {
  it("counts segments in UTF-8 bytes of the answer, startIndex left out when 0, as the Gemini API does", () => {
    const text = "Zürich is in 🇨🇭. It has 420,000 people.";
    const metadata = groundingMetadataFor(
      {
        queries: ["zürich population"],
        sources: [{ title: "wikipedia.org" }, { uri: "https://example.com/z", title: "example.com" }],
        supports: [
          { text: "Zürich is in 🇨🇭.", sources: [0] },
          { text: "It has 420,000 people.", sources: [0, 1, 5] },
          { text: "not in the answer", sources: [0] },
        ],
      },
      text,
    );
    const first = Buffer.byteLength("Zürich is in 🇨🇭.");
    expect(metadata.groundingSupports).toEqual([
      { segment: { endIndex: first, text: "Zürich is in 🇨🇭." }, groundingChunkIndices: [0] },
      {
        segment: { startIndex: first + 1, endIndex: Buffer.byteLength(text), text: "It has 420,000 people." },
        groundingChunkIndices: [0, 1],
      },
    ]);
    expect(metadata.webSearchQueries).toEqual(["zürich population"]);
    expect(metadata.groundingChunks[0]?.web.uri).toMatch(
      /^https:\/\/vertexaisearch\.cloud\.google\.com\/grounding-api-redirect\/[\w-]+$/,
    );
    expect(metadata.groundingChunks[1]?.web).toEqual({ uri: "https://example.com/z", title: "example.com" });
    expect(metadata.searchEntryPoint.renderedContent).toContain("zürich population");
  });

  it("by default: the user's words are the query and each sentence cites a page in turn", () => {
    expect(defaultGrounding("Who won?", "Spain won 2.5 goals. In Berlin!")).toEqual({
      queries: ["Who won?"],
      sources: [{ title: "en.wikipedia.org" }, { title: "example.com" }],
      supports: [
        { text: "Spain won 2.5 goals.", sources: [0] },
        { text: "In Berlin!", sources: [1] },
      ],
    });
  });

  it("a request searches the web when a tool is googleSearch", () => {
    expect(searchesTheWeb({ contents: [], tools: [{ googleSearch: {} }] })).toBe(true);
    expect(searchesTheWeb({ contents: [], tools: [{ functionDeclarations: [] }] })).toBe(false);
    expect(searchesTheWeb({ contents: [] })).toBe(false);
  });
});
