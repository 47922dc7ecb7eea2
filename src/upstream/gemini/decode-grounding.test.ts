import { describe, expect, it } from "vitest";
import { groundingOf, positionsOfBytes } from "./decode-grounding.js";

const utf8Length = (text: string): number => Buffer.byteLength(text, "utf8");

const PAGES = [
  {
    web: { uri: "https://vertexaisearch.cloud.google.com/grounding-api-redirect/AUZIYQ1", title: "uefa.com" },
  },
  {
    web: {
      uri: "https://vertexaisearch.cloud.google.com/grounding-api-redirect/AUZIYQ2",
      title: "bbc.co.uk",
    },
  },
];

describe("groundingOf", () => {
  it("turns each supported segment and page into a citation, startIndex 0 left out as Gemini does", () => {
    const text = "Spain won Euro 2024. They beat England 2-1 in the final.";
    const first = "Spain won Euro 2024.";
    const second = "They beat England 2-1 in the final.";
    const grounding = groundingOf(
      {
        webSearchQueries: ["Euro 2024 winner", "Euro 2024 final score"],
        groundingChunks: PAGES,
        groundingSupports: [
          { segment: { endIndex: 20, text: first }, groundingChunkIndices: [0] },
          { segment: { startIndex: 21, endIndex: 56, text: second }, groundingChunkIndices: [0, 1] },
        ],
        searchEntryPoint: { renderedContent: "<div></div>" },
      },
      text,
    );
    expect(grounding).toEqual({
      queries: ["Euro 2024 winner", "Euro 2024 final score"],
      sources: [PAGES[0]?.web.uri, PAGES[1]?.web.uri],
      citations: [
        { start: 0, end: 20, url: PAGES[0]?.web.uri, title: "uefa.com" },
        { start: 21, end: 56, url: PAGES[0]?.web.uri, title: "uefa.com" },
        { start: 21, end: 56, url: PAGES[1]?.web.uri, title: "bbc.co.uk" },
      ],
    });
    expect(text.slice(21, 56)).toBe(second);
  });

  it("counts UTF-16 code units (JS string indices) where Gemini counts UTF-8 bytes: é, 漢, 😀 before the segment", () => {
    const lead = "Zürich café ☕ 漢字 😀 🇨🇭 — ";
    const cited = "東京 has 14 million people 😀.";
    const text = `${lead}${cited} More.`;
    const start = utf8Length(lead);
    const grounding = groundingOf(
      {
        groundingChunks: PAGES,
        groundingSupports: [
          {
            segment: { startIndex: start, endIndex: start + utf8Length(cited), text: cited },
            groundingChunkIndices: [1],
          },
        ],
      },
      text,
    );
    expect(grounding.citations).toEqual([
      { start: lead.length, end: lead.length + cited.length, url: PAGES[1]?.web.uri, title: "bbc.co.uk" },
    ]);
    // What a JavaScript client's text.slice(start_index, end_index) gives: the cited passage, not one shifted
    // by the astral characters (😀, the flag) before it, which count two units each.
    const [citation] = grounding.citations;
    expect(text.slice(citation?.start, citation?.end)).toBe(cited);
    expect([...lead].length).toBeLessThan(lead.length);
  });

  it("finds a segment by its text when the byte offsets count from elsewhere (a later part, a stream chunk)", () => {
    const text = "First part. Second part é is cited.";
    const cited = "Second part é is cited.";
    const grounding = groundingOf(
      {
        groundingChunks: PAGES,
        // Counted from the start of the second part, not of the whole text.
        groundingSupports: [
          {
            segment: { startIndex: 0, endIndex: utf8Length(cited), text: cited },
            groundingChunkIndices: [0],
          },
        ],
      },
      text,
    );
    expect(grounding.citations).toEqual([
      { start: 12, end: 12 + cited.length, url: PAGES[0]?.web.uri, title: "uefa.com" },
    ]);
  });

  it("skips pages that are not web pages or not there, empty segments and empty queries", () => {
    const grounding = groundingOf(
      {
        webSearchQueries: ["", "q"],
        groundingChunks: [{ web: { uri: "https://a.example/x", domain: "a.example" } }, {}],
        groundingSupports: [
          { segment: { startIndex: 0, endIndex: 4 }, groundingChunkIndices: [0, 1, 7] },
          { segment: { startIndex: 4, endIndex: 4 }, groundingChunkIndices: [0] },
          { groundingChunkIndices: [0] },
        ],
      },
      "Text here",
    );
    expect(grounding).toEqual({
      queries: ["q"],
      sources: ["https://a.example/x"],
      citations: [{ start: 0, end: 4, url: "https://a.example/x", title: "a.example" }],
    });
  });

  it("sources: every web page found, cited or not, each once, in Gemini's order (supports or none)", () => {
    const page = (uri: string) => ({ web: { uri, title: uri } });
    const grounding = groundingOf(
      {
        webSearchQueries: ["q"],
        groundingChunks: [page("https://b.example/"), page("https://a.example/"), page("https://b.example/")],
      },
      "An answer Gemini gave no supports for.",
    );
    expect(grounding).toEqual({
      queries: ["q"],
      sources: ["https://b.example/", "https://a.example/"],
      citations: [],
    });
  });
});

describe("positionsOfBytes", () => {
  it("maps byte offsets to UTF-16 units, inside a character to its end, past the end to the end", () => {
    const text = "aé😀b"; // bytes: a=1, é=2, 😀=4, b=1; units: a=1, é=1, 😀=2, b=1
    expect(positionsOfBytes(text, [8, 0, 1, 3, 5, 7, 99])).toEqual([5, 0, 1, 2, 4, 4, 5]);
  });
});
