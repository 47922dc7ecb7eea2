import { describe, expect, it } from "vitest";
import { unhonouredSearchOptions } from "./web-search-options.js";

describe("unhonouredSearchOptions", () => {
  it("names each option given that Gemini's Google Search cannot take, in one warning", () => {
    const warning = unhonouredSearchOptions({
      "filters.allowed_domains": ["python.org"],
      user_location: { type: "approximate", country: "FR", city: "Paris" },
      search_context_size: "high",
    });
    expect(warning).toBe(
      "web search options not honoured, the search runs without them: filters.allowed_domains, user_location, search_context_size (Gemini's Google Search takes no domain list, location or context size)",
    );
  });

  it("options left out, null, empty or only typed (a location with no place) are not named", () => {
    expect(
      unhonouredSearchOptions({
        "filters.allowed_domains": [],
        user_location: { type: "approximate" },
        search_context_size: null,
        other: undefined,
      }),
    ).toBeUndefined();
    expect(
      unhonouredSearchOptions({ user_location: { type: "approximate", approximate: { country: "GB" } } }),
    ).toContain(": user_location (");
    expect(
      unhonouredSearchOptions({ user_location: { type: "approximate", approximate: { city: null } } }),
    ).toBeUndefined();
  });
});
